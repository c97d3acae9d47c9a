// Issue 11 point 4: another process holds SQLite's write lock. The edge keeps answering other
// requests meanwhile (the wait for the lock no longer stops its event loop), answers the webhook
// with Liza's apology instead of leaving the caller to Twilio's timeout, and /health says why.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signTwilioRequest } from '../../src/telephony/signature.ts';
import { freePort, startTs, tempDir, waitForHealth, type Started } from '../helpers/spawn-edge.ts';
import { eventually } from '../helpers/wait.ts';

const TOKEN = 'locked-token-0123456789';
let edge: Started;
let holder: ChildProcessWithoutNullStreams | undefined;
afterAll(async () => {
  holder?.kill();
  await edge?.stop();
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

describe('a SQLite database write-locked by another process', () => {
  it('the edge goes on serving while a webhook waits, then apologises; the call works again once the lock is gone', async () => {
    const file = join(tempDir(), 'liza.db');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    edge = startTs('src/edge/main.node.ts', { PORT: String(port), DATABASE_URL: file, TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: base });
    await waitForHealth(`${base}/health`, edge);
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
    console.log(`webhook answered in ${res.ms} ms with the lock held; ${servedMeanwhile} other requests served meanwhile`);
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
  }, 60_000);
});
