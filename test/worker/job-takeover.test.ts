// Issue 11 point 7 (first half): a worker process killed with SIGKILL in the middle of a
// transcription. Its lease is short and renewed only while it lives, so a second worker takes
// the job over within 30 s; the transcription API answers once and the transcript is saved once.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { startFakeOpenAiHttp, type FakeOpenAiHttp } from '../fakes/fake-openai-http.ts';
import { startFakeRecordings, type FakeRecordings } from '../fakes/fake-twilio-recordings.ts';
import { freePort, startTs, tempDir, waitForHealth, type Started } from '../helpers/spawn-edge.ts';
import { eventually } from '../helpers/wait.ts';
import { leaveVoiceMessage } from './helpers.ts';

const SID = 'AC' + 'c'.repeat(32);
const TOKEN = 'takeover-token-0123456789';
let recordings: FakeRecordings;
let openai: FakeOpenAiHttp;
const workers: Started[] = [];

beforeAll(async () => {
  recordings = await startFakeRecordings(SID, TOKEN);
  openai = await startFakeOpenAiHttp();
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await recordings.close();
  await openai.close();
});

async function startWorker(dbFile: string) {
  const port = await freePort();
  const w = startTs('src/worker/main.ts', {
    WORKER_PORT: String(port),
    DATABASE_URL: dbFile,
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_API_BASE_URL: recordings.baseUrl,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: openai.baseUrl,
  });
  workers.push(w);
  await waitForHealth(`http://127.0.0.1:${port}/health`, w);
  return w;
}

describe('a worker killed with -9 mid-transcription', () => {
  it('its job is taken over within 30 s and transcribed once', async () => {
    const dbFile = join(tempDir(), 'liza.db');
    const store = createSqliteStore(dbFile);
    recordings.put('REkill', Buffer.from('ID3 voice message '.repeat(20)));
    const { call } = await leaveVoiceMessage(store, 'CAkill', 'REkill', recordings.urlFor('REkill'));

    // The first request hangs: the worker is "mid-transcription" when it dies.
    let answered = 0;
    let arrived!: () => void;
    const firstArrived = new Promise<void>((r) => (arrived = r));
    openai.respond = () => {
      if (openai.requests.length === 1) {
        arrived();
        return new Promise(() => undefined);
      }
      answered++;
      return { status: 200, body: { text: 'Bitte um Rückruf.' } };
    };
    const first = await startWorker(dbFile);
    await firstArrived;
    const [held] = await store.listJobs({ kind: 'transcribe' });
    expect(held).toMatchObject({ status: 'running', attempts: 1 });
    // A short lease (renewed while the worker lives): once it stops, the job is free within 20 s.
    expect(held!.leaseUntil!.getTime() - Date.now()).toBeLessThanOrEqual(20_000);
    const killedAt = Date.now();
    process.kill(-first.child.pid!, 'SIGKILL');
    await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r(null) : first.child.once('close', r)));

    await startWorker(dbFile);
    const done = await eventually(async () => (await store.listTranscriptsForCall(call.id))[0], (t) => t?.status === 'done', 'the transcript to be saved', 100);
    // Within a lease (20 s) and a poll, not the old 5 minutes: reported here; the test's timeout
    // (60 s) is the bound, the lease checked above is why.
    const tookMs = Date.now() - killedAt;
    console.log(`job taken over and done ${tookMs} ms after the kill`);
    expect(done).toMatchObject({ text: 'Bitte um Rückruf.' });
    expect(answered).toBe(1);
    const [job] = await store.listJobs({ kind: 'transcribe' });
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
    await store.close();
  }, 60_000);
});
