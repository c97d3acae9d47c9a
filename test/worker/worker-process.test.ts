// The real worker process (npm run worker's entry): health, SIGTERM with a job in flight (given
// back, exit 0), and a restarted worker finishing that job.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { startFakeOpenAiHttp, type FakeOpenAiHttp } from '../fakes/fake-openai-http.ts';
import { startFakeRecordings, type FakeRecordings } from '../fakes/fake-twilio-recordings.ts';
import { waitForOutput } from '../helpers/spawn-edge.ts';
import { leaveVoiceMessage } from './helpers.ts';

const SID = 'AC' + 'b'.repeat(32);
const TOKEN = 'process-test-token-12345';
let dir: string;
let recordings: FakeRecordings;
let openai: FakeOpenAiHttp;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function startWorker(db: string, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker/main.ts'], {
    cwd: join(import.meta.dirname, '../..'),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME,
      DATABASE_URL: db, WORKER_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info',
      TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_API_BASE_URL: recordings.baseUrl, OPENAI_API_KEY: 'sk-proc', OPENAI_BASE_URL: openai.baseUrl,
    },
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  children.push(child);
  const proc = { child, output: () => output };
  return { ...proc, exited: once(child, 'close') as Promise<[number | null, string | null]>, logged: (msg: string) => waitForOutput(proc, new RegExp(`"msg":"${msg}"`)) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liza-worker-'));
  recordings = await startFakeRecordings(SID, TOKEN);
  openai = await startFakeOpenAiHttp();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.pid) try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ }
  await recordings.close();
  await openai.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('worker process', () => {
  it('gives a running job back at SIGTERM, exits 0, and a restarted worker finishes it', async () => {
    const db = join(dir, 'liza.db');
    const seed = createSqliteStore(db);
    recordings.put('RE900', Buffer.from('voice message bytes'));
    const { call } = await leaveVoiceMessage(seed, 'CA_proc', 'RE900', recordings.urlFor('RE900'));
    await seed.close();

    // The first transcription request hangs: the worker is mid-job when it is told to stop.
    let firstSeen!: () => void;
    const first = new Promise<void>((r) => (firstSeen = r));
    openai.respond = () => {
      if (openai.requests.length === 1) {
        firstSeen();
        return new Promise(() => undefined);
      }
      return { status: 200, body: { text: 'Bitte um Rückruf wegen Bestellung 4711.' } };
    };

    // Every step waits for what the worker says or does, never for time: its start-up line, the
    // fake's first request, its exit, the restarted worker's "job done".
    const port = await freePort();
    const one = startWorker(db, port);
    await one.logged('worker listening on [^"]+');
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', streams: 0, engineConfigured: true });
    await first;
    process.kill(one.child.pid!, 'SIGTERM');
    const [code] = await one.exited;
    expect(code, one.output()).toBe(0);
    expect(one.output()).toContain('"msg":"job released at shutdown"');

    const mid = createSqliteStore(db);
    const [job] = await mid.listJobs({ kind: 'transcribe' });
    expect(job).toMatchObject({ status: 'queued', attempts: 0, leasedBy: null });
    expect((await mid.listTranscriptsForCall(call.id))[0]).toMatchObject({ status: 'pending' });

    const two = startWorker(db, await freePort());
    await two.logged('job done');
    const [t] = await mid.listTranscriptsForCall(call.id);
    expect(t).toMatchObject({ status: 'done', text: 'Bitte um Rückruf wegen Bestellung 4711.' });
    expect((await mid.listJobs({ kind: 'transcribe' }))[0]).toMatchObject({ status: 'done', attempts: 1 });
    expect(openai.requests).toHaveLength(2);
    await mid.close();
    process.kill(two.child.pid!, 'SIGTERM');
    expect((await two.exited)[0]).toBe(0);
  }, 60_000);
});
