// `npm run db:copy`: a SQLite installation moved to PostgreSQL reads back the same through the
// Store, keeps its ids, and new rows continue after them.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/index.ts';
import { ROOT, TSX_IMPORT, tempDir } from '../helpers/spawn-edge.ts';
import { at, consentedCallWithOrder, turn } from './fixtures.ts';
import { createTempDb, requirePg, type TempDb } from './pg-harness.ts';

function dbCopy(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX_IMPORT, join(ROOT, 'scripts/db-copy.ts'), ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** A small installation with a row in every table; 48 events so a batch size of 7 pages. */
async function seed(s: Store) {
  const a = await consentedCallWithOrder(s, 'CA_a', '4711', at(0));
  await consentedCallWithOrder(s, 'CA_b', '4711', at(100), '+442079460000', 'en-GB');
  await s.applyTurn(turn('CA_c', 1, { consent: { given: false, fromFull: null } }, { t: at(200) }));
  for (let i = 10; i < 50; i++) await s.addCallEvent('CA_a', { key: `ai:${i}`, kind: 'ai', step: i % 2 ? 'user' : 'assistant', text: `Satz ${i}`, detail: { i }, at: at(i) });
  await s.applyCallStatus({ callSid: 'CA_a', twilioStatus: 'completed', durationS: 61, at: at(61) });
  await s.saveRecording({ callSid: 'CA_a', recordingSid: 'RE1', url: 'https://api.twilio.com/x/RE1', status: 'completed', durationS: 9, at: at(60) });
  const rec = (await s.listRecordingsForCall(a.call.id))[0]!;
  await s.setTranscript(rec.id, { status: 'done', text: 'Bitte zurückrufen.' });
  await s.setOrderStatus(a.order.id, 'shipped', 'anna', at(300));
  await s.addOrderNote(a.order.id, 'Mit DHL.', 'anna', at(301));
  await s.setCallStatus(a.call.id, 'problem', 'anna', at(302));
  const u = (await s.createStaffUser('anna', 'scrypt$hash', at(0)))!;
  await s.createSession({ idHash: 'f00d', userId: u.id, csrfToken: 'csrf', expiresAt: at(86_400) }, at(0));
  await s.recordLoginFailure(['user:anna', 'ip:127.0.0.1'], at(5));
  await s.enqueueJob({ kind: 'retention', payload: { olderThanDays: 30 }, dedupeKey: 'retention:1', runAt: at(400) });
}

/** Everything a user can see of the installation, through the Store. */
async function snapshot(s: Store) {
  const calls = [];
  for (const sid of ['CA_a', 'CA_b', 'CA_c']) {
    const c = (await s.getCallBySid(sid))!;
    calls.push({
      c,
      events: await s.listCallEvents(c.id),
      consent: await s.getConsent(c.id),
      orders: await s.listOrdersForCall(c.id),
      recordings: await s.listRecordingsForCall(c.id),
      transcripts: await s.listTranscriptsForCall(c.id),
      audit: await s.listAudit('call', c.id),
    });
  }
  const order = (await s.getOrderByNumber('4711'))!;
  return {
    calls,
    order,
    notes: await s.listOrderNotes(order.id),
    orderAudit: await s.listAudit('order', order.id),
    orderCalls: await s.listCallsForOrder(order.id),
    jobs: await s.listJobs(),
    user: await s.getStaffUserByName('anna'),
    session: await s.getSession('f00d', at(1)),
    failures: await s.countLoginFailures(['user:anna'], at(0)),
    // The hourly tallies are not copied: the target's triggers must count the copied rows alike.
    dashboard: await s.dashboardStats(new Date(0)).then((d) => ({ ...d, hourly: [...d.hourly].sort((a, b) => a.hourStart - b.hourStart) })),
  };
}

if (await requirePg()) {
  describe('npm run db:copy', () => {
    let dir: string;
    let target: TempDb;
    let source: string;
    let expected: Awaited<ReturnType<typeof snapshot>>;

    beforeAll(async () => {
      dir = tempDir('liza-copy-');
      source = join(dir, 'liza.db');
      const s = await createStore(source);
      await seed(s);
      expected = await snapshot(s);
      await s.close();
      target = await createTempDb();
    });
    afterAll(async () => {
      await target?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('copies every table with its ids, shows progress, and checks the counts', async () => {
      const r = await dbCopy('--from', source, '--to', target.url, '--batch', '7');
      expect(r.code, r.stderr).toBe(0);
      // Not a terminal here: plain progress lines instead of a bar.
      const events = expected.calls.reduce((n, c) => n + c.events.length, 0);
      expect(events).toBe(48);
      expect(r.stderr).toContain(`call_events: 7/${events} rows`);
      expect(r.stderr).toContain(`call_events: ${events}/${events} rows`);
      expect(r.stdout).toMatch(new RegExp(`call_events\\s+${events}\\s+${events}`));
      expect(r.stdout).toContain('counts match');
      const pg = await createStore(target.url);
      try {
        expect(await snapshot(pg)).toEqual(expected);
        // New rows continue after the copied ids instead of colliding with them.
        const next = await pg.applyTurn(turn('CA_new', 1));
        expect(next.call.id).toBe(Math.max(...expected.calls.map((c) => c.c.id)) + 1);
        const job = await pg.enqueueJob({ kind: 'k', payload: {} });
        expect(job.id).toBe(Math.max(...expected.jobs.map((j) => j.id)) + 1);
      } finally {
        await pg.close();
      }
    }, 90_000);

    it('refuses a target that holds data, and replaces it with --force', async () => {
      const refused = await dbCopy('--from', source, '--to', target.url);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/refused: the target database is not empty \(.*calls: \d+/);
      const forced = await dbCopy('--from', source, '--to', target.url, '--force');
      expect(forced.code, forced.stderr).toBe(0);
      const pg = await createStore(target.url);
      try {
        expect(await snapshot(pg)).toEqual(expected);
        expect(await pg.getCallBySid('CA_new')).toBeNull();
      } finally {
        await pg.close();
      }
    }, 90_000);

    it('fails without touching anything when the source does not exist or the arguments are wrong', async () => {
      const missing = await dbCopy('--from', join(dir, 'nope.db'), '--to', target.url);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no SQLite database at');
      const usage = await dbCopy('--from', source, '--to', 'mysql://x');
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('Usage: npm run db:copy');
    }, 60_000);
  });
}
