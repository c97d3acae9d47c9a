// The most asked-about orders since a time, without grouping every link of the month.
//
// Triggers keep the links per order and UTC day (dashboard_order_days, drizzle 0011/0012 on SQLite,
// 0009/0010 on PostgreSQL). Summing those for every order of the month would still read about as
// many rows as there are links (most orders are asked about once or twice), so this reads only the
// top of each day instead, from the (day, calls) index, and stops when it can prove no other order
// can reach the ten it found (the threshold algorithm of Fagin, Lotem and Naor):
// - each day's `depth` largest counts; an order not among them has at most the smallest of them
//   that day (or none, when the day has fewer rows), so no unseen order exceeds the sum of those;
// - every order seen gets its exact count: its whole days from the tallies, and the part of the
//   first day after `since` from the links themselves (a Berlin day starts an hour or two before
//   the UTC day, so that part is small);
// - the tenth exact count above the bound proves the list; otherwise deeper, and past a few
//   thousand candidates the plain group-by over the links, which is always right.
import { and, count, desc, eq, gte, inArray, lt, max, sql, sum } from 'drizzle-orm';
import type { Shared } from './context.ts';

const DAY = 86_400_000;
const DEPTHS = [4, 32, 256];
/** Candidate ids per query stay well under both databases' bound-parameter limits. */
const MAX_CANDIDATES = 8_000;

export interface AskedOrder {
  id: number;
  calls: number;
}

export function topOrdersQuery(s: Shared) {
  const { db, t, dialect } = s;
  const d = t.dashboardOrderDays;

  /** The exact plain query: every link since `since`, grouped by order. */
  async function recount(since: Date, limit: number): Promise<AskedOrder[]> {
    const asked = count();
    return db
      // The id as an expression: drizzle refuses a bare column of a FROM it only sees as SQL.
      .select({ id: sql<number>`${t.orderCalls.orderId}`.mapWith(Number), calls: asked })
      .from(dialect.orderCallsByTime)
      .where(gte(t.orderCalls.at, since))
      .groupBy(t.orderCalls.orderId)
      .orderBy(desc(asked), t.orderCalls.orderId)
      .limit(limit);
  }

  /** Exact counts since `since` of the given orders (those with none are left out). */
  async function exactCounts(ids: number[], since: Date, firstWhole: number): Promise<Map<number, number>> {
    const [whole, head] = await Promise.all([
      db
        .select({ id: d.orderId, calls: sum(d.calls).mapWith(Number) })
        .from(d)
        .where(and(inArray(d.orderId, ids), gte(d.dayStart, firstWhole)))
        .groupBy(d.orderId),
      firstWhole > since.getTime()
        ? db
            .select({ id: sql<number>`${t.orderCalls.orderId}`.mapWith(Number), calls: count() })
            .from(dialect.orderCallsByTime)
            // Not narrowed to `ids`: PostgreSQL would then read each candidate's every link by the primary
            // key; the head is at most a day of links, read from the (at, order_id) index.
            .where(and(gte(t.orderCalls.at, since), lt(t.orderCalls.at, new Date(firstWhole))))
            .groupBy(t.orderCalls.orderId)
        : [],
    ]);
    const counts = new Map<number, number>();
    const wanted = new Set(ids);
    for (const r of whole) counts.set(r.id, r.calls);
    for (const r of head) if (wanted.has(r.id)) counts.set(r.id, (counts.get(r.id) ?? 0) + r.calls);
    return counts;
  }

  return async function topOrders(since: Date, limit: number): Promise<AskedOrder[]> {
    const firstWhole = Math.ceil(since.getTime() / DAY) * DAY;
    // The day `since` falls in bounds its part of the day from above.
    const firstDay = Math.floor(since.getTime() / DAY) * DAY;
    const [last] = await db.select({ day: max(d.dayStart) }).from(d).where(gte(d.dayStart, firstDay));
    const lastDay = last?.day == null ? null : Number(last.day);
    if (lastDay === null) return recount(since, limit);
    const days: number[] = [];
    for (let day = firstDay; day <= lastDay; day += DAY) days.push(day);
    for (const depth of DEPTHS) {
      if (days.length * depth > MAX_CANDIDATES) break;
      const tops = await Promise.all(
        days.map((day) => db.select({ id: d.orderId, calls: d.calls }).from(d).where(eq(d.dayStart, day)).orderBy(desc(d.calls)).limit(depth)),
      );
      // Counts never go below zero, so a day with fewer rows than `depth` leaves no unseen order any.
      const bound = tops.reduce((b, rows) => b + (rows.length === depth ? Math.max(0, rows.at(-1)!.calls) : 0), 0);
      const ids = [...new Set(tops.flatMap((rows) => rows.filter((r) => r.calls > 0).map((r) => r.id)))];
      const counts = ids.length ? await exactCounts(ids, since, firstWhole) : new Map<number, number>();
      const ranked = [...counts]
        .filter(([, n]) => n > 0)
        .map(([id, calls]) => ({ id, calls }))
        .sort((a, b) => b.calls - a.calls || a.id - b.id)
        .slice(0, limit);
      // Strictly above: an unseen order with as many calls and a smaller id would rank before.
      if (bound === 0 || (ranked.length === limit && ranked[limit - 1]!.calls > bound)) return ranked;
    }
    return recount(since, limit);
  };
}
