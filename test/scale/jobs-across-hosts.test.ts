// Two real worker processes (npm run worker's entry) on one PostgreSQL database share the
// durable transcription queue: every job runs exactly once, and a job whose worker was killed
// mid-run is finished by the other once the dead worker's lease has run out.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/index.ts';
import { startFakeOpenAiHttp, type FakeOpenAiHttp } from '../fakes/fake-openai-http.ts';
import { startFakeRecordings, type FakeRecordings } from '../fakes/fake-twilio-recordings.ts';
import { freePort, startTs, waitForHealth, type Started } from '../helpers/spawn-edge.ts';
import { createTempDb, requirePg, type TempDb } from '../store/pg-harness.ts';
import { eventually, leaveVoiceMessage } from '../worker/helpers.ts';

const SID = 'AC' + 'c'.repeat(32);
const TOKEN = 'jobs-across-hosts-token';
const JOBS = 24;

if (await requirePg()) {
  describe('jobs across hosts (PostgreSQL, two worker processes)', () => {
    let db: TempDb;
    let store: Store;
    let admin: postgres.Sql;
    let recordings: FakeRecordings;
    let openai: FakeOpenAiHttp;
    const workers: Started[] = [];
    /** Recording sids whose first transcription request never answers (a worker stuck mid-job). */
    const hangOnce = new Set<string>();

    beforeAll(async () => {
      db = await createTempDb();
      store = await createStore(`${db.url}?max=3`);
      admin = postgres(db.url, { max: 1 });
      recordings = await startFakeRecordings(SID, TOKEN);
      openai = await startFakeOpenAiHttp();
      // The first answers wait until three requests are open at once. A worker runs two jobs at a
      // time, so by then both workers hold jobs: they really compete for the queue, whatever the
      // machine's speed (a fixed delay only made that likely).
      let open = 0;
      let release!: () => void;
      const bothBusy = new Promise<void>((r) => (release = r));
      openai.respond = async (r) => {
        const sid = r.filename!.replace(/\.mp3$/, '');
        if (hangOnce.delete(sid)) return new Promise(() => undefined);
        if (++open >= 3) release();
        await bothBusy;
        return { status: 200, body: { text: `transcript of ${sid}` } };
      };
      for (let i = 0; i < 2; i++) {
        const port = await freePort();
        const w = startTs('src/worker/main.ts', {
          DATABASE_URL: `${db.url}?max=3`, WORKER_PORT: String(port), HOST: '127.0.0.1',
          TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_API_BASE_URL: recordings.baseUrl, OPENAI_API_KEY: 'sk-scale', OPENAI_BASE_URL: openai.baseUrl,
        });
        workers.push(w);
        await waitForHealth(`http://127.0.0.1:${port}/health`, w);
      }
    }, 90_000);

    afterAll(async () => {
      await Promise.all(workers.map((w) => w.stop()));
      await store?.close();
      await admin?.end();
      await recordings?.close();
      await openai?.close();
      await db?.drop();
    });

    const pidOf = (workerId: string | null) => Number(workerId?.split(':')[1]);

    it(`runs ${JOBS} transcriptions exactly once each, shared between both workers`, async () => {
      const sids = Array.from({ length: JOBS }, (_, i) => `RE${String(i).padStart(4, '0')}`);
      for (const sid of sids) {
        recordings.put(sid, Buffer.from(`audio of ${sid}`));
        await leaveVoiceMessage(store, `CA_${sid}`, sid, recordings.urlFor(sid));
      }
      const jobs = await eventually(() => store.listJobs({ kind: 'transcribe' }), (js) => js.every((j) => j.status === 'done'));
      expect(jobs).toHaveLength(JOBS);
      expect(jobs.every((j) => j.attempts === 1)).toBe(true);
      // One transcription request per recording, none twice.
      expect(openai.requests.map((r) => r.filename).sort()).toEqual(sids.map((s) => `${s}.mp3`));
      for (const sid of sids) {
        const call = (await store.getCallBySid(`CA_${sid}`))!;
        expect(await store.listTranscriptsForCall(call.id)).toMatchObject([{ status: 'done', text: `transcript of ${sid}` }]);
      }
      const pids = new Set(jobs.map((j) => pidOf(j.leasedBy)));
      expect(pids).toEqual(new Set(workers.map((w) => w.child.pid)));
    }, 90_000);

    it('a worker killed mid-job has its job finished by the other after the lease', async () => {
      const sid = 'RE_KILLED';
      hangOnce.add(sid);
      recordings.put(sid, Buffer.from('audio of the killed one'));
      const { call } = await leaveVoiceMessage(store, 'CA_killed', sid, recordings.urlFor(sid));
      const running = await eventually(
        async () => (await store.listJobs({ kind: 'transcribe', status: 'running' }))[0],
        (j) => j !== undefined && openai.requests.some((r) => r.filename === `${sid}.mp3`),
      );
      const victim = workers.find((w) => w.child.pid === pidOf(running!.leasedBy))!;
      const survivor = workers.find((w) => w !== victim)!;
      process.kill(-victim.child.pid!, 'SIGKILL');
      await new Promise((r) => victim.child.once('exit', r));
      // Nobody finishes it while the dead worker's lease (5 minutes) lasts…
      expect(await store.getJob(running!.id)).toMatchObject({ status: 'running', leasedBy: running!.leasedBy });
      // …so let that time pass: move the lease end into the past instead of waiting it out.
      await admin`update jobs set lease_until = now() - interval '1 second' where id = ${running!.id}`;
      const done = await eventually(() => store.getJob(running!.id), (j) => j?.status === 'done');
      expect(done).toMatchObject({ attempts: 2 });
      expect(pidOf(done!.leasedBy)).toBe(survivor.child.pid);
      expect(await store.listTranscriptsForCall(call.id)).toMatchObject([{ status: 'done', text: `transcript of ${sid}` }]);
      expect(openai.requests.filter((r) => r.filename === `${sid}.mp3`)).toHaveLength(2);
    }, 90_000);
  });
}
