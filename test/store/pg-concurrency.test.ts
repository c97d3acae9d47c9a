// Races between processes: each store here has its own connection pool, as separate edge and
// worker processes would, and they all hit one PostgreSQL database at the same moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/index.ts';
import { at, turn } from './fixtures.ts';
import { createTempDb, requirePg, type TempDb } from './pg-harness.ts';

const PROCESSES = 6;

if (await requirePg()) {
  describe('PostgreSQL: several processes at once', () => {
    let db: TempDb;
    let stores: Store[] = [];

    beforeAll(async () => {
      db = await createTempDb();
      stores = await Promise.all(Array.from({ length: PROCESSES }, () => createStore(`${db.url}?max=2`)));
      // Open every pool's connections first, so the races below are not serialised by connecting.
      await Promise.all(stores.flatMap((s) => [s.ping(), s.ping()]));
    });
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await db?.drop();
    });

    it('the first webhooks of one call, taken by different edges at once, make one call with every event', async () => {
      for (let n = 0; n < 20; n++) {
        const sid = `CA_race_${n}`;
        const results = await Promise.all(stores.map((s, i) => s.applyTurn(turn(sid, i + 1, i === 0 ? { saveOrder: { number: `9${n}` } } : {}))));
        expect(new Set(results.map((r) => r.call.id)).size).toBe(1);
        expect(results.every((r) => r.fresh)).toBe(true);
        expect(await stores[0]!.listCallEvents(results[0]!.call.id)).toHaveLength(PROCESSES);
        expect((await stores[0]!.listOrdersForCall(results[0]!.call.id)).map((o) => o.number)).toEqual([`9${n}`]);
      }
    });

    it('the same replayed webhook on every edge at once is stored once', async () => {
      await stores[0]!.applyTurn(turn('CA_replay', 1));
      const results = await Promise.all(stores.map((s) => s.applyTurn(turn('CA_replay', 2, { consent: { given: true, fromFull: '+4915100000002' } }))));
      expect(results.filter((r) => r.fresh)).toHaveLength(1);
      expect(results.every((r) => r.call.status === 'processed' && r.call.fromFull === '+4915100000002')).toBe(true);
      expect(await stores[0]!.listCallEvents(results[0]!.call.id)).toHaveLength(2);
    });

    it('calls on every edge saving one new order number at once make one order', async () => {
      const results = await Promise.all(stores.map((s, i) => s.applyTurn(turn(`CA_ord_${i}`, 1, { saveOrder: { number: '31337' } }))));
      expect(new Set(results.map((r) => r.order!.id)).size).toBe(1);
      expect(await stores[0]!.listCallsForOrder(results[0]!.order!.id)).toHaveLength(PROCESSES);
    });

    it('workers in different processes claiming at once never share a job', async () => {
      for (let i = 0; i < 30; i++) await stores[0]!.enqueueJob({ kind: 'race', payload: { i }, runAt: at(0) });
      const claimed: number[] = [];
      await Promise.all(
        stores.map(async (s, w) => {
          for (;;) {
            const job = await s.claimJob({ workerId: `w${w}`, leaseMs: 60_000, now: at(1), kinds: ['race'] });
            if (!job) return;
            claimed.push(job.id);
            expect(await s.completeJob(job.id, `w${w}`, at(2))).toBe(true);
          }
        }),
      );
      expect(claimed).toHaveLength(30);
      expect(new Set(claimed).size).toBe(30);
      expect((await stores[0]!.listJobs({ kind: 'race', status: 'done' })).every((j) => j.attempts === 1)).toBe(true);
    });
  });
}
