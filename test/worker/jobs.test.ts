// Voice-message transcription as durable jobs, against local fakes of Twilio's recording URLs
// and OpenAI's transcription API over real HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/store.ts';
import { createJobRunner, type JobHandler } from '../../src/worker/jobs/runner.ts';
import { createTranscribeHandler } from '../../src/worker/jobs/transcribe.ts';
import { startFakeOpenAiHttp, type FakeOpenAiHttp } from '../fakes/fake-openai-http.ts';
import { startFakeRecordings, type FakeRecordings } from '../fakes/fake-twilio-recordings.ts';
import { leaveVoiceMessage } from './helpers.ts';

const SID = 'AC' + 'a'.repeat(32);
const TOKEN = 'recording-test-token-123';
let recordings: FakeRecordings;
let openai: FakeOpenAiHttp;
let store: Store;

beforeAll(async () => {
  recordings = await startFakeRecordings(SID, TOKEN);
  openai = await startFakeOpenAiHttp();
});
afterAll(async () => {
  await recordings.close();
  await openai.close();
});
afterEach(async () => {
  await store?.close();
  openai.respond = () => ({ status: 200, body: { text: 'Hallo, bitte rufen Sie mich zurück.' } });
  openai.requests.length = 0;
});

const handler = (s: Store) =>
  createTranscribeHandler({ store: s, twilio: { accountSid: SID, authToken: TOKEN }, openai: { apiKey: 'sk-test', baseUrl: openai.baseUrl, model: 'gpt-4o-transcribe' } });

describe('transcribe jobs', () => {
  it('downloads the recording with Basic auth, transcribes it, and saves the text to the call', async () => {
    store = createSqliteStore(':memory:');
    const audio = Buffer.from('ID3 fake mp3 bytes '.repeat(50));
    recordings.put('RE100', audio);
    const { rec, call } = await leaveVoiceMessage(store, 'CA_vm1', 'RE100', recordings.urlFor('RE100'));
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const runner = createJobRunner({ store, logger, handlers: { transcribe: handler(store) } });
    expect(await runner.runOnce()).toBe(true);
    expect(await runner.runOnce()).toBe(false);
    // The job's log line carries the call it belongs to.
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ msg: 'job done', callSid: 'CA_vm1' }));
    const [t] = await store.listTranscriptsForCall(call.id);
    expect(t).toMatchObject({ recordingId: rec.id, status: 'done', text: 'Hallo, bitte rufen Sie mich zurück.', error: null });
    const req = openai.requests[0]!;
    expect(req.file.equals(audio)).toBe(true);
    expect(req).toMatchObject({ authorization: 'Bearer sk-test', model: 'gpt-4o-transcribe', language: 'de', filename: 'RE100.mp3' });
    expect(recordings.requests.at(-1)).toMatchObject({ path: expect.stringMatching(/RE100\.mp3$/), status: 200 });
    expect((await store.listJobs({ kind: 'transcribe' }))[0]).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('retries with backoff and ends in a visible failed state', async () => {
    store = createSqliteStore(':memory:');
    recordings.put('RE200', Buffer.from('audio'));
    const { call } = await leaveVoiceMessage(store, 'CA_vm2', 'RE200', recordings.urlFor('RE200'));
    openai.respond = () => ({ status: 503, body: { error: { message: 'overloaded' } } });
    let now = new Date(Date.now() + 1000);
    const runner = createJobRunner({ store, logger: silentLogger(), handlers: { transcribe: handler(store) }, clock: () => now });
    expect(await runner.runOnce()).toBe(true);
    let [job] = await store.listJobs({ kind: 'transcribe' });
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(job!.runAt.getTime() - now.getTime()).toBe(5_000);
    expect(await runner.runOnce()).toBe(false); // not due yet
    for (let i = 2; i <= 5; i++) {
      now = new Date(now.getTime() + 10 * 60_000);
      expect(await runner.runOnce()).toBe(true);
    }
    [job] = await store.listJobs({ kind: 'transcribe' });
    expect(job).toMatchObject({ status: 'failed', attempts: 5 });
    expect(job!.lastError).toMatch(/503/);
    const [t] = await store.listTranscriptsForCall(call.id);
    expect(t).toMatchObject({ status: 'failed', text: null });
    expect(t!.error).toMatch(/503/);
    expect(openai.requests).toHaveLength(5);
  });

  it('retries a download the recording server refused, then succeeds', async () => {
    store = createSqliteStore(':memory:');
    recordings.put('RE300', Buffer.from('audio300'));
    const { call } = await leaveVoiceMessage(store, 'CA_vm3', 'RE300', recordings.urlFor('RE300'));
    recordings.failNext(1, 404); // Twilio may answer 404 for a moment right after the callback
    const runner = createJobRunner({ store, logger: silentLogger(), handlers: { transcribe: handler(store) }, backoffMs: () => 0 });
    await runner.runOnce();
    await runner.runOnce();
    expect((await store.listTranscriptsForCall(call.id))[0]).toMatchObject({ status: 'done' });
  });
});

describe('job queue leases', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'liza-jobs-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('two workers on one database never take the same job', async () => {
    const file = join(dir, 'two.db');
    store = createSqliteStore(file);
    const other = createSqliteStore(file);
    for (let i = 0; i < 30; i++) await store.enqueueJob({ kind: 'count', payload: { i } });
    const ran: Array<{ worker: string; i: number }> = [];
    const counting = (worker: string): JobHandler => ({
      async run(job) {
        ran.push({ worker, i: job.payload.i as number });
        await new Promise((r) => setTimeout(r, 2));
      },
    });
    const a = createJobRunner({ store, logger: silentLogger(), handlers: { count: counting('a') }, pollMs: 5, concurrency: 3 });
    const b = createJobRunner({ store: other, logger: silentLogger(), handlers: { count: counting('b') }, pollMs: 5, concurrency: 3 });
    a.start();
    b.start();
    const end = Date.now() + 10_000;
    while ((await store.listJobs({ status: 'done' })).length < 30 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await Promise.all([a.stop(1000), b.stop(1000)]);
    await other.close();
    expect(ran.map((r) => r.i).sort((x, y) => x - y)).toEqual([...Array(30).keys()]);
    expect(new Set(ran.map((r) => r.worker)).size).toBe(2);
  });

  it('takes over the job of a worker that died mid-job once its lease runs out', async () => {
    store = createSqliteStore(join(dir, 'crash.db'));
    const job = await store.enqueueJob({ kind: 'work', payload: {} });
    let t = new Date(Date.now() + 1000);
    const hang: JobHandler = { run: () => new Promise(() => undefined) }; // the worker "dies" here
    const dead = createJobRunner({ store, logger: silentLogger(), handlers: { work: hang }, leaseMs: 30_000, clock: () => t, workerId: 'dead' });
    void dead.runOnce();
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.getJob(job.id)).toMatchObject({ status: 'running', leasedBy: 'dead' });
    let ran = 0;
    const alive = createJobRunner({ store, logger: silentLogger(), handlers: { work: { run: async () => void ran++ } }, leaseMs: 30_000, clock: () => t, workerId: 'alive' });
    expect(await alive.runOnce()).toBe(false); // still leased
    t = new Date(t.getTime() + 31_000);
    expect(await alive.runOnce()).toBe(true);
    expect(ran).toBe(1);
    expect(await store.getJob(job.id)).toMatchObject({ status: 'done', attempts: 2 });
    // the dead worker's late word changes nothing
    expect(await store.completeJob(job.id, 'dead', t)).toBe(false);
  });
});
