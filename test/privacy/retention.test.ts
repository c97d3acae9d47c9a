// Issue 15 point 3: the worker's daily retention job with an injected clock, on SQLite and
// PostgreSQL: what goes (full numbers, names, transcripts, AI lines, recordings: DELETEd at the
// fake Twilio), what stays (masked number, language, durations, orders and their links, the
// dashboard's numbers), a worker that dies mid-purge (its Twilio request never answered, its lease
// left behind) and another that takes the job over and finishes, and a second run that does nothing.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.ts';
import { createRecordingDeleter } from '../../src/privacy/twilio-recordings.ts';
import { createRetentionHandler, RETENTION_JOB, scheduleRetention } from '../../src/worker/jobs/retention.ts';
import { createJobRunner } from '../../src/worker/jobs/runner.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { walkCall } from '../helpers/sim.ts';
import { requirePg } from '../store/pg-harness.ts';
import { DB_KINDS, useDbAndTwilio } from './db-targets.ts';
import { appWith, callWithEverything, ERIKA, MAX } from './subject-flow.ts';

const DAY = 86_400_000;
const LEASE_MS = 60_000;

for (const kind of DB_KINDS) {
  describe(`retention (${kind})`, async () => {
    if (kind === 'pg' && !(await requirePg())) return;
    const target = useDbAndTwilio(kind);

    it('erases what is older than RETENTION_DAYS, keeps the rest, survives a dead worker, and is idempotent', async () => {
      const db = target.db();
      const fake = target.fake();
      const today = new Date('2026-12-02T01:00:00Z');
      let now = new Date(today.getTime() - 100 * DAY);
      const clock = () => now;
      const env = appWith(db.store, fake, silentLogger(), clock);
      const old1 = await callWithEverything(env, db.store, fake, ERIKA);
      now = new Date(now.getTime() + 60_000);
      const old2 = await callWithEverything(env, db.store, fake, ERIKA);
      now = new Date(now.getTime() + 60_000);
      const declined = await walkCall(env.app, env.config, '+4915100000009', ['2']);
      now = new Date(today.getTime() - 10 * DAY);
      const recent = await callWithEverything(env, db.store, fake, MAX);
      now = today;
      const since = new Date(today.getTime() - 365 * DAY);
      const statsBefore = await db.store.dashboardStats(since);

      const log = captureLog('info');
      const deleteRecording = createRecordingDeleter({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.baseUrl });
      // One call per batch, so the job is visibly midway when the first worker dies.
      const runner = (id: string) =>
        createJobRunner({
          store: db.store, logger: log.logger, workerId: id, leaseMs: LEASE_MS, clock,
          handlers: { [RETENTION_JOB]: createRetentionHandler({ store: db.store, deleteRecording, retentionDays: 90, logger: log.logger, clock, batchSize: 1 }) },
        });
      await scheduleRetention(db.store, now);

      // Worker A erases the oldest call, then dies while Twilio deletes the second call's recording.
      const held = fake.holdNext({ method: 'DELETE', path: new RegExp(`${old2.recordingSid}\\.json$`) });
      // A staff search has indexed the calls (drizzle/sqlite/0011), so the purge must also take Erika's out of the number index.
      const found = await db.store.listCalls({ from: ERIKA.national }, { offset: 0, limit: 50, countCap: 100 });
      expect(found.rows.map((r) => r.callSid)).toEqual(expect.arrayContaining([old1.callSid, old2.callSid]));
      const a = runner('worker-a');
      const aRun = a.runOnce();
      await held.reached;
      expect((await db.store.getCall(old1.call.id))!.erasedAt).toEqual(today);
      expect((await db.store.getCall(old2.call.id))!.fromFull).toBe(ERIKA.number);
      // Its lease runs out; worker B takes the job over and finishes it.
      now = new Date(today.getTime() + LEASE_MS + 1_000);
      const b = runner('worker-b');
      expect(await b.runOnce()).toBe(true);
      held.drop(); // A's request fails; its lease is gone, so it records nothing
      await aRun;
      const [job] = (await db.store.listJobs({ kind: RETENTION_JOB })).filter((j) => j.payload.day === '2026-12-02');
      expect(job).toMatchObject({ status: 'done', leasedBy: 'worker-b' });

      // Twilio: both old recordings deleted (the second once more after the takeover), the recent one kept.
      const deletes = fake.requests.filter((r) => r.method === 'DELETE').map((r) => [r.path.split('/').pop(), r.status]);
      // (The dropped request is recorded when it is dropped, after B's.)
      expect(deletes).toEqual([[`${old1.recordingSid}.json`, 204], [`${old2.recordingSid}.json`, 204], [`${old2.recordingSid}.json`, 0]]);
      expect([...fake.recordings]).toEqual([recent.recordingSid]);

      // What goes, what stays.
      expect(await db.scan([ERIKA.national, ERIKA.name, ERIKA.words])).toEqual([]);
      expect(await db.scan([MAX.national, MAX.name, MAX.words])).toEqual(expect.arrayContaining(['calls.from_full', 'calls.caller_name', 'transcripts.text', 'call_events.text']));
      for (const c of [old1, old2]) {
        const kept = (await db.store.getCall(c.call.id))!;
        expect(kept).toMatchObject({ fromFull: null, callerName: null, fromMasked: '+49 •••••••••78', language: 'de-DE', status: 'completed' });
        expect(kept.durationS).toEqual(expect.any(Number));
        expect((await db.store.listOrdersForCall(c.call.id)).map((o) => o.number)).toEqual([ERIKA.order]);
        expect((await db.store.listRecordingsForCall(c.call.id))[0]).toMatchObject({ status: 'deleted', url: '', durationS: expect.any(Number) });
        expect(await db.store.getConsent(c.call.id)).toMatchObject({ given: true });
      }
      expect((await db.store.getCallBySid(declined.callSid))!.erasedAt).not.toBeNull();
      expect((await db.store.getCall(recent.call.id))!.erasedAt).toBeNull();
      expect(await db.store.dashboardStats(since)).toEqual(statsBefore);

      // Audited: counts only, one entry per finished batch, by `retention`.
      const audit = (await db.store.listRecentAudit(['privacy'], 20)).filter((e) => e.field === 'retention');
      const sum = (k: string) => audit.reduce((n, e) => n + (JSON.parse(e.newValue!)[k] ?? 0), 0);
      expect(audit.every((e) => e.actor === 'retention' && e.oldValue === null)).toBe(true);
      expect([sum('calls'), sum('calls.from_full'), sum('calls.caller_name'), sum('transcripts.text'), sum('call_events.text'), sum('recordings')]).toEqual([3, 2, 2, 2, 2, 2]);
      expect(JSON.stringify(audit)).not.toContain(ERIKA.national);
      expect(log.lines.filter((l) => l.msg === 'retention run done')).toHaveLength(1);

      // Tomorrow's run finds nothing more to do: no Twilio request, no audit entry, nothing changed.
      now = new Date(today.getTime() + DAY);
      const requestsBefore = fake.requests.length;
      expect(await b.runOnce()).toBe(true);
      expect(fake.requests.length).toBe(requestsBefore);
      expect((await db.store.listRecentAudit(['privacy'], 20)).filter((e) => e.field === 'retention')).toHaveLength(audit.length);
      expect(await db.store.dashboardStats(since)).toEqual(statsBefore);
      expect((await db.store.listJobs({ kind: RETENTION_JOB })).map((j) => [j.payload.day, j.status])).toEqual([
        ['2026-12-02', 'done'], ['2026-12-03', 'done'], ['2026-12-04', 'queued'],
      ]);
    });
  });
}
