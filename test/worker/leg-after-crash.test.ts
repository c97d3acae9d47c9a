// Issue 11 point 7 (second half): a worker process killed with SIGKILL during an AI call. The
// next worker records the leg's end (worker_restart) once no live worker can still own it: the
// leg is older than MAX_CALL_SECONDS plus a grace (src/worker/stale-legs.ts says why that rule).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { STALE_LEG_GRACE_MS } from '../../src/worker/stale-legs.ts';
import { startFakeRealtime, type FakeRealtime } from '../fakes/fake-realtime.ts';
import { connectFakeTwilioStream } from '../fakes/fake-twilio-stream.ts';
import { freePort, startTs, tempDir, waitForHealth, waitForOutput, type Started } from '../helpers/spawn-edge.ts';
import { eventually } from '../helpers/wait.ts';

const TOKEN = 'leg-crash-token-0123456789';
const MAX_CALL_SECONDS = 1;
const workers: Started[] = [];
let engine: FakeRealtime | undefined;

afterAll(async () => {
  for (const w of workers) await w.stop();
  await engine?.close();
});

async function startWorker(dbFile: string, port: number) {
  const w = startTs('src/worker/main.ts', {
    WORKER_PORT: String(port),
    DATABASE_URL: dbFile,
    TWILIO_AUTH_TOKEN: TOKEN,
    PUBLIC_MEDIA_URL: `ws://127.0.0.1:${port}/media`,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_REALTIME_URL: engine!.url,
    MAX_CALL_SECONDS: String(MAX_CALL_SECONDS),
  });
  workers.push(w);
  await waitForHealth(`http://127.0.0.1:${port}/health`, w);
  return w;
}

describe('a worker killed with -9 during an AI call', () => {
  it('the next worker records the leg\'s end', async () => {
    engine = await startFakeRealtime();
    const dbFile = join(tempDir(), 'liza.db');
    const store = createSqliteStore(dbFile);
    const callSid = 'CA' + 'd'.repeat(32);
    await store.applyTurn({
      call: { callSid, fromMasked: '+49151****678', toNumber: null, language: 'de-DE', at: new Date() },
      // The caller chose the AI at the help menu (what the worker admits a stream for).
      event: { key: 'help', kind: 'ivr', step: 'help', detail: { next: 'connect_ai' }, at: new Date() },
    });
    const port = await freePort();
    const first = await startWorker(dbFile, port);
    const tw = await connectFakeTwilioStream({ url: `ws://127.0.0.1:${port}/media`, authToken: TOKEN, callSid, customParameters: { call: callSid, lang: 'de-DE' } });
    tw.start();
    const session = await engine.nextSession();
    await session.waitForEvent((e) => e.type === 'session.update');
    await eventually(() => store.latestAiLeg(callSid), (l) => l !== null);

    process.kill(-first.child.pid!, 'SIGKILL');
    await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r(null) : first.child.once('close', r)));
    await tw.closed;
    expect((await store.latestAiLeg(callSid))!.endReason).toBeNull(); // the dead worker recorded nothing

    const second = await startWorker(dbFile, await freePort());
    const leg = await eventually(() => store.latestAiLeg(callSid), (l) => l?.endReason != null, 'the leg to get an end', 200);
    expect(leg!.endReason).toBe('worker_restart');
    // Not before a live worker's cap could have ended it.
    expect(leg!.endedAt!.getTime() - leg!.startedAt.getTime()).toBeGreaterThanOrEqual(MAX_CALL_SECONDS * 1000 + STALE_LEG_GRACE_MS);
    await waitForOutput(second, /ended AI legs a stopped worker left open/);
    await store.close();
  }, 60_000);
});
