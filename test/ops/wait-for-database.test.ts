// Both processes wait for a database that is not there yet (PostgreSQL still initialising under
// compose, or starting after Liza under systemd): bounded, one log line per attempt.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { isTransientDatabaseError, openStoreWhenReady, redactDatabaseUrl } from '../../src/ops/wait-for-database.ts';
import type { Store } from '../../src/store/index.ts';
import { freePort, startProcess, type Started } from '../helpers/processes.ts';
import { TSX_IMPORT } from '../helpers/spawn-edge.ts';
import { createTempDb, requirePg, type TempDb } from '../store/pg-harness.ts';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 172.18.0.3:5432'), { code: 'ECONNREFUSED' });

function recorder() {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  return {
    lines,
    warn: (obj: object, msg: string) => void lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    info: (obj: object, msg: string) => void lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
  };
}

describe('openStoreWhenReady', () => {
  const fakeStore = {} as Store;

  it('retries connection failures with a log line per attempt, then returns the store', async () => {
    const log = recorder();
    let calls = 0;
    const slept: number[] = [];
    const store = await openStoreWhenReady('postgres://liza:secret@postgres:5432/liza', log, {
      delayMs: 1500,
      sleep: async (ms) => void slept.push(ms),
      open: async () => {
        calls++;
        if (calls < 4) throw calls === 3 ? Object.assign(new Error('the database system is starting up'), { code: '57P03' }) : refused();
        return fakeStore;
      },
    });
    expect(store).toBe(fakeStore);
    expect(slept).toEqual([1500, 1500, 1500]);
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'database not reachable yet (connect ECONNREFUSED 172.18.0.3:5432); attempt 1/30, retrying in 1.5 s',
      'database not reachable yet (connect ECONNREFUSED 172.18.0.3:5432); attempt 2/30, retrying in 1.5 s',
      'database not reachable yet (57P03 the database system is starting up); attempt 3/30, retrying in 1.5 s',
    ]);
    expect(log.lines.at(-1)).toMatchObject({ level: 'info', msg: 'database reachable after 4 attempts' });
    expect(JSON.stringify(log.lines)).not.toContain('secret');
  });

  it('gives up after the last attempt with a message saying what to check', async () => {
    const log = recorder();
    const err = await openStoreWhenReady('postgres://liza:pw@db:5432/liza', log, { attempts: 3, delayMs: 2000, sleep: async () => {}, open: async () => Promise.reject(refused()) }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      'database postgres://***@db:5432/liza still not reachable after 3 attempts over 4 s: connect ECONNREFUSED 172.18.0.3:5432. ' +
        'Check DATABASE_URL and that the database server is running and accepts TCP connections.',
    );
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('does not retry what waiting cannot fix (a wrong password, a failed migration)', async () => {
    const log = recorder();
    const auth = Object.assign(new Error('password authentication failed for user "liza"'), { code: '28P01' });
    let calls = 0;
    const err = await openStoreWhenReady('postgres://x', log, { sleep: async () => {}, open: async () => { calls++; throw auth; } }).catch((e: unknown) => e);
    expect(err).toBe(auth);
    expect(calls).toBe(1);
    expect(log.lines).toEqual([]);
  });

  it('recognises transient errors wrapped as fetch and happy-eyeballs wrap them', () => {
    expect(isTransientDatabaseError(new AggregateError([refused(), refused()]))).toBe(true);
    expect(isTransientDatabaseError(new Error('x', { cause: Object.assign(new Error('y'), { code: 'EAI_AGAIN' }) }))).toBe(true);
    expect(isTransientDatabaseError(Object.assign(new Error('no such table'), { code: 'SQLITE_ERROR' }))).toBe(false);
    expect(redactDatabaseUrl('postgres://u:p@h:1/d')).toBe('postgres://***@h:1/d');
  });
});

const pg = await requirePg();

describe.skipIf(!pg)('edge and worker started before PostgreSQL accepts connections', () => {
  let db: TempDb | undefined;
  let proxy: Server | undefined;
  const sockets: Socket[] = [];
  const procs: Started[] = [];

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    for (const s of sockets) s.destroy();
    if (proxy) await new Promise((r) => proxy!.close(r));
    await db?.drop();
  });

  it('log each attempt, then serve /health once the database appears', async () => {
    db = await createTempDb();
    const target = new URL(db.url);
    // The database's address, with nothing listening on it yet.
    const port = await freePort();
    const url = new URL(db.url);
    url.host = `127.0.0.1:${port}`;
    const [edgePort, workerPort] = await Promise.all([freePort(), freePort()]);
    const env = { HOST: '127.0.0.1', DATABASE_URL: url.toString(), TWILIO_AUTH_TOKEN: 'wait-for-db-token-123', LOG_LEVEL: 'info' };
    const waiting = /"msg":"database not reachable yet \([^"]*ECONNREFUSED[^"]*attempt 1\/30/;
    const [edge, worker] = await Promise.all([
      startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/edge/main.node.ts'], { env: { ...env, PORT: String(edgePort) }, readyOutput: waiting }),
      startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/worker/main.ts'], { env: { ...env, WORKER_PORT: String(workerPort) }, readyOutput: waiting }),
    ]);
    procs.push(edge, worker);

    // PostgreSQL "comes up": a TCP relay to the real server on the address they are trying.
    proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      sockets.push(client, upstream);
      client.pipe(upstream).pipe(client);
      const end = () => (client.destroy(), upstream.destroy());
      client.on('error', end);
      upstream.on('error', end);
    });
    await new Promise<void>((r) => proxy!.listen(port, '127.0.0.1', r));

    for (const [p, readyUrl] of [[edge, `http://127.0.0.1:${edgePort}/health`], [worker, `http://127.0.0.1:${workerPort}/health`]] as const) {
      // Wait for the process to say it got through and is listening (events, not time), then ask it.
      const deadline = Date.now() + 60_000;
      while (!/database reachable after \d+ attempts[\s\S]*listening on http/.test(p.output())) {
        if (Date.now() > deadline) throw new Error(`never reached the database:\n${p.output()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const res = await fetch(readyUrl);
      expect(res.status, p.output()).toBe(200);
    }
    expect(edge.output()).not.toContain('wait-for-db-token');
  }, 120_000);
});
