import { and, avg, count, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import type { CallRow, DashboardStats, DayCount } from '../../domain/index.ts';
import type { OrderStatus } from '../../domain/index.ts';
import type { SqliteDb } from './db.ts';
import { enrichCalls } from './queries-lists.ts';
import { calls, consents, orderCalls, orders } from './schema.ts';

const HOUR = 3_600_000;

export function dashboardStats(db: SqliteDb, since: Date): DashboardStats {
  // Grouped by UTC hour, not day: the page folds hours into Europe/Berlin days, whose offset
  // changes with daylight saving time but is always whole hours. Calls and consents are counted
  // from their own covering indexes (a consent is given seconds after the call starts) instead of
  // joining a month of calls row by row.
  // HOUR is inlined, not bound: SQLite only sees two bound `?` as the same expression in GROUP BY when they are literals.
  const bucket = (col: typeof calls.startedAt | typeof consents.at) => sql<number>`(${col} / ${sql.raw(String(HOUR))}) * ${sql.raw(String(HOUR))}`;
  const byHour = new Map<number, DayCount>();
  const hour = (h: number) => byHour.get(h) ?? byHour.set(h, { hourStart: h, calls: 0, consentGiven: 0, consentDeclined: 0 }).get(h)!;
  for (const r of db.select({ h: bucket(calls.startedAt), n: count() }).from(calls).where(gte(calls.startedAt, since)).groupBy(bucket(calls.startedAt)).all()) {
    hour(Number(r.h)).calls = r.n;
  }
  const consentRows = db
    .select({ h: bucket(consents.at), given: sql<number>`coalesce(sum(${consents.given} = 1), 0)`, declined: sql<number>`coalesce(sum(${consents.given} = 0), 0)` })
    .from(consents)
    .where(gte(consents.at, since))
    .groupBy(bucket(consents.at))
    .all();
  for (const r of consentRows) Object.assign(hour(Number(r.h)), { consentGiven: Number(r.given), consentDeclined: Number(r.declined) });
  const ordersByStatus = db
    .select({ status: orders.status, count: count() })
    .from(orders)
    .groupBy(orders.status)
    .all()
    .map((r) => ({ status: r.status as OrderStatus, count: r.count }));
  const avgRow = db
    .select({ a: avg(calls.durationS) })
    .from(calls)
    .where(and(gte(calls.startedAt, since), isNotNull(calls.durationS)))
    .get();
  // INDEXED BY: left alone, SQLite walks the whole primary key to skip a sort, ~4× slower at 1M calls.
  const top = db.all<{ id: number; calls: number }>(sql`
    select order_id as id, count(*) as calls from order_calls indexed by order_calls_at_order_idx
    where at >= ${since.getTime()} group by order_id order by calls desc, order_id limit 10`);
  const info = new Map(top.length ? db.select().from(orders).where(inArray(orders.id, top.map((t) => t.id))).all().map((o) => [o.id, o]) : []);
  const topOrders = top.flatMap((t) => {
    const o = info.get(t.id);
    return o ? [{ id: o.id, number: o.number, status: o.status as OrderStatus, calls: t.calls }] : [];
  });
  return {
    hourly: [...byHour.values()],
    ordersByStatus,
    avgDurationS: avgRow?.a == null ? null : Number(avgRow.a),
    topOrders,
  };
}

export function listLiveCalls(db: SqliteDb, since: Date, limit: number): CallRow[] {
  const rows = db
    .select()
    .from(calls)
    .where(and(eq(calls.status, 'in_progress'), gte(calls.startedAt, since)))
    .orderBy(desc(calls.startedAt), desc(calls.id))
    .limit(limit)
    .all();
  return enrichCalls(db, rows);
}
