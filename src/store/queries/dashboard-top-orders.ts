// The most asked-about orders since a time, without grouping every link of the month.
//
// Triggers keep the links per order and UTC day (dashboard_order_days, drizzle 0011/0012 on SQLite,
// 0009/0010 on PostgreSQL). Summing those for every order of the month would still read about as
// many rows as there are links (most orders are asked about once or twice), so this reads only the
// top of each day instead, from the (day, calls) index, and stops when it can prove no other order
// can reach the ten it found (the threshold algorithm of Fagin, Lotem and Naor):
// - each day's `depth` largest counts; an order not among them has at most the smallest of them
//   that day (or none, when the day has fewer rows), so no unseen order exceeds the sum of those;
// - every order seen that can still reach the ten (its seen counts plus the other days' smallest
//   top counts) gets its exact count: its whole days from the tallies, and the part of the
//   first day after `since` from the links themselves (a Berlin day starts an hour or two before
//   the UTC day, so that part is small);
// - the tenth exact count above the bound proves the list; otherwise deeper, and past a few
//   thousand candidates the plain group-by over the links, which is always right.
import { and, count, desc, gte, inArray, lt, max, sql } from 'drizzle-orm';
import type { Shared } from './context.ts';

const DAY = 86_400_000;
const DEPTHS = [4, 32, 256];
/** Candidates per depth stay bounded (days × depth); past that the plain group-by is cheaper. */
const MAX_CANDIDATES = 8_000;
/**
 * SQLite's dayTops is a compound SELECT of one probe per day, and SQLite refuses more than 500
 * terms (SQLITE_MAX_COMPOUND_SELECT, https://www.sqlite.org/limits.html): longer spans recount.
 */
const MAX_DAYS = 400;

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

  /** Links per order in the part of the first day after `since` (at most a day, from the (at, order_id) index). */
  async function headCounts(since: Date, firstWhole: number): Promise<Map<number, number>> {
    if (firstWhole <= since.getTime()) return new Map();
    const rows = await db
      .select({ id: sql<number>`${t.orderCalls.orderId}`.mapWith(Number), calls: count() })
      .from(dialect.orderCallsByTime)
      // Not narrowed to the candidates: PostgreSQL would then read each candidate's every link by the
      // primary key.
      .where(and(gte(t.orderCalls.at, since), lt(t.orderCalls.at, new Date(firstWhole))))
      .groupBy(t.orderCalls.orderId);
    return new Map(rows.map((r) => [r.id, r.calls]));
  }

  /**
   * Each day's `depth` largest counts (dialect.dayTops, one statement on both databases: on
   * PostgreSQL every statement is a round trip through the pool), then the exact counts of only
   * those orders among them that can still reach the top `limit`. An order's seen counts (and its
   * head) bound its count from below; adding each whole day it was not seen in that day's smallest
   * top count bounds it from above. An order whose upper bound is below the `limit`-th largest
   * lower bound cannot rank: summing every candidate's whole month (~360 orders at depth 32 at
   * 1 M calls) was most of the dashboard's time on SQLite.
   */
  async function tops(firstDay: number, lastDay: number, depth: number, firstWhole: number, head: Map<number, number>, limit: number) {
    const n = (col: string) => sql<number>`${sql.raw(`r.${col}`)}`.mapWith(Number);
    const rows = await db.select({ day: n('day_start'), id: n('order_id'), calls: n('calls') }).from(sql`(${dialect.dayTops(firstDay, lastDay, depth)}) as r`);
    const byDay = new Map<number, Array<{ id: number; calls: number }>>();
    for (const r of rows) (byDay.get(r.day) ?? byDay.set(r.day, []).get(r.day)!).push(r);
    // Counts never go below zero, so a day with fewer rows than `depth` leaves no unseen order any.
    const floorOf = (counts: Array<{ calls: number }>) => (counts.length === depth ? Math.max(0, Math.min(...counts.map((c) => c.calls))) : 0);
    let bound = 0;
    let wholeFloors = 0;
    const low = new Map<number, number>();
    const seenFloors = new Map<number, number>();
    for (const [day, counts] of byDay) {
      const floor = floorOf(counts);
      bound += floor;
      if (day < firstWhole) continue; // the first day's part after `since` is in `head`, exactly
      wholeFloors += floor;
      for (const c of counts) {
        if (c.calls <= 0) continue;
        low.set(c.id, (low.get(c.id) ?? 0) + c.calls);
        seenFloors.set(c.id, (seenFloors.get(c.id) ?? 0) + floor);
      }
    }
    const ids = new Set(rows.filter((r) => r.calls > 0).map((r) => r.id));
    const lower = (id: number) => (low.get(id) ?? 0) + (head.get(id) ?? 0);
    const lows = [...ids].map(lower).sort((a, b) => b - a);
    const cut = lows.length >= limit ? lows[limit - 1]! : -Infinity;
    // Strictly below: `limit` orders have at least `cut`, so this one ranks after all of them.
    const keep = [...ids].filter((id) => lower(id) + wholeFloors - (seenFloors.get(id) ?? 0) >= cut);
    const whole = new Map<number, number>();
    if (keep.length) {
      const sums = await db
        .select({ id: sql<number>`${d.orderId}`.mapWith(Number), calls: sql<number>`sum(${d.calls})`.mapWith(Number) })
        .from(d)
        .where(and(gte(d.dayStart, firstWhole), inArray(d.orderId, keep)))
        .groupBy(d.orderId);
      for (const r of sums) whole.set(r.id, r.calls);
    }
    return { bound, ids: keep, whole };
  }

  return async function topOrders(since: Date, limit: number): Promise<AskedOrder[]> {
    const firstWhole = Math.ceil(since.getTime() / DAY) * DAY;
    // The day `since` falls in bounds its part of the day from above.
    const firstDay = Math.floor(since.getTime() / DAY) * DAY;
    const [[last], head] = await Promise.all([db.select({ day: max(d.dayStart) }).from(d).where(gte(d.dayStart, firstDay)), headCounts(since, firstWhole)]);
    const lastDay = last?.day == null ? null : Number(last.day);
    if (lastDay === null) return recount(since, limit);
    const days = (lastDay - firstDay) / DAY + 1;
    for (const depth of DEPTHS) {
      if (days > MAX_DAYS || days * depth > MAX_CANDIDATES) break;
      const { bound, ids, whole } = await tops(firstDay, lastDay, depth, firstWhole, head, limit);
      // Every candidate's exact count: its whole days plus its links in the first day's part.
      const ranked = [...ids]
        .map((id) => ({ id, calls: (whole.get(id) ?? 0) + (head.get(id) ?? 0) }))
        .filter((r) => r.calls > 0)
        .sort((a, b) => b.calls - a.calls || a.id - b.id)
        .slice(0, limit);
      // Strictly above: an unseen order with as many calls and a smaller id would rank before.
      if (bound === 0 || (ranked.length === limit && ranked[limit - 1]!.calls > bound)) return ranked;
    }
    return recount(since, limit);
  };
}
