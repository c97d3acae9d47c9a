// The dashboard's order figures (status counts, callers' orders, the most asked-about orders) come
// from tallies that triggers keep (dashboard_orders, dashboard_order_days) and a top-10 search over
// them that stops early (src/store/queries/dashboard-top-orders.ts). They must always equal a full
// recount of the orders and links as stored: a seeded random sequence of the changes the product
// makes (callers' orders over several days, shop status updates, staff orders, deletions, erasure),
// then the dashboard compared with a recount read back through the order list and each call's
// orders. The seed is printed; DASH_SEED=<n> replays one.
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, type OrderStatus } from '../../src/domain/index.ts';
import type { Ctx } from './contract.ts';
import { rng, seedOf } from './contract-dashboard-tallies.ts';
import { at, turn } from './fixtures.ts';

const DAY = 86_400;

export function dashboardOrdersContract(store: Ctx): void {
  describe('queries: dashboard order tallies', () => {
    it('equal a full recount after a random sequence of orders, links and changes (seeded)', async () => {
      const seed = seedOf();
      console.log(`dashboard order tallies: seed ${seed} (replay: DASH_SEED=${seed})`);
      const r = rng(seed);
      const s = store();
      const calls: Array<{ sid: string; id: number; start: number; seq: number }> = [];
      /** When each link (call id, order number) was made, as the turn that made it said. */
      const linkedAt = new Map<string, number>();
      // A skewed pool: a few numbers are asked about often, so counts tie and ranks shift.
      const pool = Array.from({ length: 24 }, (_, i) => String(50_000 + i * 7));
      const number = () => pool[Math.floor(pool.length * r.next() ** 2)]!;
      const done = new Map<string, number>();
      const did = (what: string) => done.set(what, (done.get(what) ?? 0) + 1);

      async function recount(since: Date) {
        const orders = (await s.listOrders({}, { offset: 0, limit: 10_000, countCap: 10_000 })).rows;
        const byStatus = new Map<OrderStatus, number>();
        for (const o of orders) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
        const asked = new Map<number, { number: string; status: OrderStatus; calls: number }>();
        for (const c of (await s.listCalls({}, { offset: 0, limit: 10_000, countCap: 10_000 })).rows) {
          for (const o of await s.listOrdersForCall(c.id)) {
            const t = linkedAt.get(`${c.id}:${o.number}`);
            expect(t, `a link the sequence did not make: call ${c.id}, order ${o.number}`).toBeDefined();
            if (t! < since.getTime()) continue;
            const a = asked.get(o.id) ?? asked.set(o.id, { number: o.number, status: o.status, calls: 0 }).get(o.id)!;
            a.calls++;
          }
        }
        return {
          ordersByStatus: [...byStatus].map(([status, count]) => ({ status, count })).sort((a, b) => a.status.localeCompare(b.status)),
          unconfirmedOrders: orders.filter((o) => o.source === 'call').length,
          topOrders: [...asked]
            .sort(([ia, a], [ib, b]) => b.calls - a.calls || ia - ib)
            .slice(0, 10)
            .map(([id, a]) => ({ id, ...a })),
        };
      }

      async function expectRecount(since: Date, why: string) {
        const want = await recount(since);
        const got = await s.dashboardStats(since);
        expect([...got.ordersByStatus].sort((a, b) => a.status.localeCompare(b.status)), why).toEqual(want.ordersByStatus);
        expect(got.unconfirmedOrders, why).toBe(want.unconfirmedOrders);
        expect(got.topOrders, why).toEqual(want.topOrders);
        return want.topOrders.length;
      }

      const ops = ['new', 'order', 'order', 'order', 'order', 'shop status', 'staff order', 'delete order', 'erase'] as const;
      for (let step = 0; step < 240; step++) {
        const op = calls.length ? r.pick(ops) : 'new';
        const c = calls.length ? r.pick(calls) : null;
        if (op === 'new') {
          // Over four days around T0, to any second: links land near UTC day edges too.
          const start = r.int(4 * DAY) - DAY;
          const sid = `CA${step}`;
          const res = await s.applyTurn(turn(sid, 1, {}, { t: at(start) }));
          calls.push({ sid, id: res.call.id, start, seq: 1 });
          did('new');
        } else if (op === 'order' && c) {
          const n = number();
          const when = at(c.start + r.int(900));
          await s.applyTurn(turn(c.sid, ++c.seq, { saveOrder: { number: n } }, { t: when }));
          const key = `${c.id}:${n}`;
          // A second save of the same number on the same call keeps the first link.
          if (!linkedAt.has(key)) linkedAt.set(key, when.getTime());
          did('order');
        } else if (op === 'shop status') {
          await s.upsertOrders([{ number: number(), status: r.pick(ORDER_STATUSES) }], 'shop', at(5 * DAY));
          did('shop status');
        } else if (op === 'staff order') {
          const res = await s.createOrder({ number: number(), status: r.pick(ORDER_STATUSES), phones: [], name: null, note: null }, 'anna', at(5 * DAY));
          did(`staff order ${res.kind}`);
        } else if (op === 'delete order') {
          const n = number();
          if (await s.deleteOrder(n, 'anna', at(5 * DAY))) {
            for (const k of [...linkedAt.keys()]) if (k.endsWith(`:${n}`)) linkedAt.delete(k);
            did('delete order');
          }
        } else if (op === 'erase' && c) {
          await s.eraseCalls({ callIds: [c.id], at: at(5 * DAY), actor: 'retention', field: 'retention', masked: null });
          did('erase');
        }
        if (step % 20 === 19) {
          const why = `seed ${seed}, step ${step} (${op})`;
          await expectRecount(at(-2 * DAY), why);
          // `since` inside a day, as the dashboard's Berlin midnight is inside a UTC day.
          await expectRecount(at(r.int(3 * DAY) - DAY), `${why}, since mid-day`);
        }
      }
      expect(await expectRecount(at(-2 * DAY), `seed ${seed}, end`)).toBeGreaterThan(5);
      // A span longer than SQLite takes in one compound SELECT of per-day probes (500 terms).
      await expectRecount(at(-600 * DAY), `seed ${seed}, since 600 days before`);
      console.log(`dashboard order tallies: seed ${seed}: ${[...done].map(([k, v]) => `${k} ${v}`).join(', ')}`);
      expect([...done.keys()].filter((k) => !k.startsWith('staff order')).sort(), `seed ${seed}`).toEqual(['delete order', 'erase', 'new', 'order', 'shop status']);
    });
  });
}
