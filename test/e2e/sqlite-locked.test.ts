// Issue 11 point 4: another process holds SQLite's write lock. The edge keeps answering other
// requests meanwhile (the wait for the lock no longer stops its event loop), answers the webhook
// with Liza's apology instead of leaving the caller to Twilio's timeout, and /health says why.
// On Node (better-sqlite3) and on Deno (node:sqlite), whose drivers report a lock differently.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signTwilioRequest } from '../../src/telephony/signature.ts';
import { hasProgram, reportMissingProgram, startProcess } from '../helpers/processes.ts';
import { freePort, startTs, tempDir, waitForHealth } from '../helpers/spawn-edge.ts';
import { eventually } from '../helpers/wait.ts';

const TOKEN = 'locked-token-0123456789';
// The first run downloads Deno from the npm registry (~40 MB); .ci/run warms it.
const deno = hasProgram('npx', ['--yes', 'deno@2.9.6', '--version'], 240_000);
reportMissingProgram(deno, 'deno (npx --yes deno@2.9.6)', 'the locked-database test on the Deno edge needs it');

type Edge = { stop(): Promise<unknown> };
const EDGES: { runtime: string; skip: boolean; start(env: Record<string, string>, base: string): Promise<Edge> }[] = [
  {
    runtime: 'Node',
    skip: false,
    async start(env, base) {
      const edge = startTs('src/edge/main.node.ts', env);
      await waitForHealth(`${base}/health`, edge);
      return edge;
    },
  },
  { runtime: 'Deno', skip: !deno, start: (env, base) => startProcess('npm', ['run', '--silent', 'edge:deno'], { env: { ...env, HOST: '127.0.0.1' }, readyUrl: `${base}/health` }) },
];

let edge: Edge | undefined;
let holder: ChildProcessWithoutNullStreams | undefined;
afterEach(async () => {
  holder?.kill();
  holder = undefined;
  await edge?.stop();
  edge = undefined;
});

/** The sqlite3 CLI takes the write lock and keeps it until told otherwise. */
async function holdWriteLock(file: string) {
  const p = spawn('sqlite3', [file]);
  let said = '';
  p.stdout.on('data', (d) => (said += d));
  p.stdin.write("BEGIN IMMEDIATE; INSERT INTO login_failures (key, at) VALUES ('lock', 0); SELECT 'locked';\n");
  await eventually(() => said, (s) => s.includes('locked'), 'sqlite3 to hold the write lock');
  return p;
}

describe.each(EDGES)('a SQLite database write-locked by another process, the edge on $runtime', ({ runtime, skip, start }) => {
  it.skipIf(skip)('the edge goes on serving while a webhook waits, then apologises; the call works again once the lock is gone', async () => {
    const file = join(tempDir(), 'liza.db');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    edge = await start({ PORT: String(port), DATABASE_URL: file, TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: base }, base);
    holder = await holdWriteLock(file);

    const params = { CallSid: 'CAlocked1', From: '+4915112345678', To: '+4930123456', CallStatus: 'ringing' };
    const post = () =>
      fetch(`${base}/webhook/voice`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signTwilioRequest(TOKEN, `${base}/webhook/voice`, params) },
        body: new URLSearchParams(params).toString(),
      });
    let answered = false;
    const began = Date.now();
    const hook = post().then(async (r) => {
      answered = true;
      return { status: r.status, body: await r.text(), ms: Date.now() - began };
    });
    // Other requests, one after another, while the webhook waits for the lock. A synchronous
    // busy wait (the old 5 s busy_timeout) would stall them all until the webhook gave up.
    let servedMeanwhile = 0;
    while (!answered) {
      const r = await fetch(`${base}/static/app.css`);
      await r.text();
      if (!answered) servedMeanwhile++;
    }
    const res = await hook;
    console.log(`${runtime}: webhook answered in ${res.ms} ms with the lock held; ${servedMeanwhile} other requests served meanwhile`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<Hangup/>');
    expect(res.body).toContain('Entschuldigung');
    expect(servedMeanwhile).toBeGreaterThanOrEqual(10);

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: 'not_writable' });

    const closed = new Promise((r) => holder!.once('close', r));
    holder.stdin.end('ROLLBACK;\n');
    await closed;
    holder = undefined;
    const again = await post();
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('<Gather');
  }, 180_000);
});
