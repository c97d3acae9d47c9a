// Voice-message transcription as durable jobs, against local fakes of Twilio's recording URLs
// and OpenAI's transcription API over real HTTP.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/store.ts';
import { createJobRunner, doneRetryMs, type JobHandler } from '../../src/worker/jobs/runner.ts';
import { createTranscribeHandler } from '../../src/worker/jobs/transcribe.ts';
import { startFakeOpenAiHttp, type FakeOpenAiHttp } from '../fakes/fake-openai-http.ts';
import { startFakeRecordings, type FakeRecordings } from '../fakes/fake-twilio-recordings.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { createManualTimers } from '../helpers/manual-timers.ts';
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
  createTranscribeHandler({ store: s, twilio: { accountSid: SID, authToken: TOKEN, apiBaseUrl: recordings.baseUrl }, openai: { apiKey: 'sk-test', baseUrl: openai.baseUrl, model: 'gpt-4o-transcribe' } });

describe('transcribe jobs', () => {
  it('downloads the recording with Basic auth, transcribes it, and saves the text to the call', async () => {
    store = createSqliteStore(':memory:');
    const audio = Buffer.from('ID3 fake mp3 bytes '.repeat(50));
    recordings.put('RE100', audio);
    const { rec, call } = await leaveVoiceMessage(store, 'CA_vm1', 'RE100', recordings.urlFor('RE100'));
    const log = captureLog('info');
    const runner = createJobRunner({ store, logger: log.logger, handlers: { transcribe: handler(store) } });
    expect(await runner.runOnce()).toBe(true);
    expect(await runner.runOnce()).toBe(false);
    // The job's log line carries the call it belongs to.
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'job done', callSid: 'CA_vm1' }));
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
    let now = new Date(); // after the job was queued, so it is due
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
    let allRan!: () => void;
    const thirty = new Promise<void>((r) => (allRan = r));
    const counting = (worker: string): JobHandler => ({
      async run(job) {
        ran.push({ worker, i: job.payload.i as number });
        if (ran.length === 30) allRan();
        await new Promise((r) => setImmediate(r)); // a job takes a turn of the event loop, so the two interleave
      },
    });
    // Each runner's three loops claim a job as soon as it starts, so both get work whatever the
    // machine's speed; with every job queued up front, no loop ever needs its poll timer.
    const a = createJobRunner({ store, logger: silentLogger(), handlers: { count: counting('a') }, timers: createManualTimers(), concurrency: 3 });
    const b = createJobRunner({ store: other, logger: silentLogger(), handlers: { count: counting('b') }, timers: createManualTimers(), concurrency: 3 });
    a.start();
    b.start();
    await thirty;
    await Promise.all([a.stop(0), b.stop(0)]); // waits for the jobs still running (none is aborted: they ignore the signal)
    expect(await store.listJobs({ status: 'done' })).toHaveLength(30);
    await other.close();
    expect(ran.map((r) => r.i).sort((x, y) => x - y)).toEqual([...Array(30).keys()]);
    expect(new Set(ran.map((r) => r.worker)).size).toBe(2);
  });

  it('a finished job whose "done" write fails is recorded done once the database is back, and not run again', async () => {
    const file = join(dir, 'done-fails.db');
    store = createSqliteStore(file);
    const job = await store.enqueueJob({ kind: 'work', payload: {} });
    // The database refuses the "done" write, as a full disk would, and nothing else.
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER refuse_done BEFORE UPDATE OF status ON jobs WHEN NEW.status = 'done' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    let ran = 0;
    const log = captureLog();
    const timers = createManualTimers();
    const runner = createJobRunner({ store, logger: log.logger, timers, handlers: { work: { run: async () => void ran++ } } });
    const running = runner.runOnce();
    const refused = await Promise.race([log.next('job done but recording it failed; trying again'), running.then(() => null)]);
    expect(refused, JSON.stringify(log.lines)).toMatchObject({ jobId: job.id, err: expect.stringMatching(/disk is full/) });
    expect(await store.getJob(job.id)).toMatchObject({ status: 'running', attempts: 1 });
    raw.exec('DROP TRIGGER refuse_done');
    raw.close();
    (await timers.next((t) => t.ms === doneRetryMs(1))).fire(); // the retry's wait runs out (not the lease heartbeat)
    expect(await running).toBe(true);
    expect(await store.getJob(job.id)).toMatchObject({ status: 'done', attempts: 1, lastError: null });
    expect(await runner.runOnce()).toBe(false);
    expect(ran).toBe(1);
    expect(log.lines.map((l) => l.msg)).not.toContain('job attempt failed');
  });

  it('at shutdown a finished job whose "done" write still fails is left to its lease, not failed', async () => {
    const file = join(dir, 'done-fails-at-stop.db');
    store = createSqliteStore(file);
    const job = await store.enqueueJob({ kind: 'work', payload: {} });
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER refuse_done BEFORE UPDATE OF status ON jobs WHEN NEW.status = 'done' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const log = captureLog();
    const runner = createJobRunner({ store, logger: log.logger, timers: createManualTimers(), handlers: { work: { run: async () => undefined } } });
    const running = runner.runOnce();
    await log.next('job done but recording it failed; trying again');
    await runner.stop(0); // wakes the retry's wait: one last try, then the runner gives up
    expect(await running).toBe(true);
    expect(log.lines.map((l) => l.msg)).toContain('job done but not recorded before shutdown; it runs again once its lease runs out');
    expect(await store.getJob(job.id)).toMatchObject({ status: 'running', attempts: 1, lastError: null });
    raw.close();
  });

  it('takes over the job of a worker that died mid-job once its lease runs out', async () => {
    store = createSqliteStore(join(dir, 'crash.db'));
    const job = await store.enqueueJob({ kind: 'work', payload: {} });
    let t = new Date(); // after the job was queued, so it is due
    let entered!: () => void;
    const hanging = new Promise<void>((r) => (entered = r));
    const hang: JobHandler = { run: () => (entered(), new Promise(() => undefined)) }; // the worker "dies" here
    const dead = createJobRunner({ store, logger: silentLogger(), handlers: { work: hang }, leaseMs: 30_000, clock: () => t, workerId: 'dead' });
    void dead.runOnce();
    await hanging;
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
