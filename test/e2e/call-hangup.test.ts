// Ctrl-C in `npm run call` is the caller hanging up: the simulator sends Twilio's `completed`
// status callback, so the call does not stay "in progress" forever.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeCall, type CallerIO } from '../../src/sim/call.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { makeApp } from '../helpers/app.ts';
import { ROOT, freePort, startTs, tempDir, waitForHealth, type Started } from '../helpers/spawn-edge.ts';

describe('the caller hangs up in the simulator', () => {
  it('stops waiting for keys and sends the completed status callback', async () => {
    const env = makeApp();
    const hangUp = new AbortController();
    const io: CallerIO = {
      say() {},
      // The caller is thinking about the order number when they put the phone down.
      keys: (g) => (g.numDigits === 1 ? Promise.resolve('1') : (hangUp.abort(), new Promise<string>(() => {}))),
      dialAnswered: async () => false,
      note() {},
    };
    const r = await placeCall({ publicBaseUrl: env.config.publicBaseUrl, authToken: env.config.twilio.authToken, from: '+4915112345678', fetch: (async (u: string, i?: RequestInit) => env.app.request(u, i)) as typeof fetch, signal: hangUp.signal }, io);
    expect(r.ended).toBe('caller_hangup');
    expect(r.requests.map((q) => [new URL(q.url).pathname, q.params.CallStatus])).toEqual([
      ['/webhook/voice', 'ringing'],
      ['/webhook/consent', 'in-progress'],
      ['/webhook/status', 'completed'],
    ]);
    const call = (await env.store.getCallBySid(r.callSid))!;
    expect(call.status).toBe('completed');
    expect(call.endedAt).not.toBeNull();
  });
});

describe('Ctrl-C in `npm run call`', () => {
  const token = 'call-hangup-token-0123456';
  let edge: Started;
  let base: string;
  let db: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    db = join(tempDir('liza-hangup-'), 'liza.db');
    edge = startTs('src/edge/main.node.ts', { PORT: String(port), DATABASE_URL: db, TWILIO_AUTH_TOKEN: token, PUBLIC_BASE_URL: base });
    await waitForHealth(`${base}/health`, edge);
  });
  afterAll(() => edge?.stop());

  it('hangs up: the call is completed at once, and the simulator says so', async () => {
    const sim = spawn('npm', ['run', 'call', '--', '--from', '+447700900123', '--url', base], {
      cwd: ROOT,
      detached: true,
      env: { ...process.env, PUBLIC_BASE_URL: base, TWILIO_AUTH_TOKEN: token },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) => sim.on('exit', (code) => resolve(code)));
    // npm may exit on the SIGINT before the simulator has finished: the output pipes close only
    // when every process holding them (npm, its shell, the simulator) is gone.
    const drained = Promise.all([sim.stdout!, sim.stderr!].map((s) => new Promise((r) => s.once('close', r))));
    // Wait for Liza's first question, as a person at a terminal would.
    await new Promise<void>((resolve, reject) => {
      const seen = () => /You \(one key; Enter = nothing\)>/.test(out) && resolve();
      sim.stdout!.on('data', (d) => ((out += d), seen()));
      sim.stderr!.on('data', (d) => (out += d));
      void exited.then((code) => reject(new Error(`npm run call exited (${code}) before Liza asked:\n${out}`)));
    });
    // A terminal sends Ctrl-C's SIGINT to the whole foreground group: npm, its shell, the simulator.
    process.kill(-sim.pid!, 'SIGINT');
    await drained;
    expect(out).toContain('[you hung up]');
    expect(out).toMatch(/Call CA[0-9a-f]{32} ended \(you hung up\), 2 webhooks\./);
    const store = createSqliteStore(db);
    try {
      const sid = /Call (CA[0-9a-f]{32}) ended/.exec(out)![1]!;
      const call = (await store.getCallBySid(sid))!;
      expect(call).toMatchObject({ status: 'completed', language: 'en-GB' });
      expect((await store.listCallEvents(call.id)).map((e) => e.step)).toEqual(['voice', 'completed']);
    } finally {
      await store.close();
    }
  });
});
