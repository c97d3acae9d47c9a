import { and, avg, count, desc, eq, gte, isNotNull, sql } from 'drizzle-orm';
import type { CallRow, DashboardStats, DayCount } from '../../domain/index.ts';
import type { OrderStatus } from '../../domain/index.ts';
import type { PgExec } from './db.ts';
import { enrichCalls } from './queries-lists.ts';
import { calls, consents, orderCalls, orders } from './schema.ts';

export async function dashboardStats(db: PgExec, since: Date): Promise<DashboardStats> {
  // Grouped by UTC hour, not day: the page folds hours into Europe/Berlin days, whose offset
  // changes with daylight saving time but is always whole hours. date_trunc on a timestamptz
  // would truncate in the session's time zone, so truncate the epoch instead. As on SQLite, calls
  // count by start and consents by when they were given, each from its own covering index.
  const hour = (col: typeof calls.startedAt | typeof consents.at) => sql<string>`(floor(extract(epoch from ${col}) / 3600) * 3600000)::bigint`;
  const [callHours, consentHours, byStatus, [avgRow], top] = await Promise.all([
    db.select({ h: hour(calls.startedAt), n: count() }).from(calls).where(gte(calls.startedAt, since)).groupBy(sql`1`),
    db
      .select({
        h: hour(consents.at),
        given: sql<string>`count(*) filter (where ${consents.given})`,
        declined: sql<string>`count(*) filter (where not ${consents.given})`,
      })
      .from(consents)
      .where(gte(consents.at, since))
      .groupBy(sql`1`),
    db.select({ status: orders.status, count: count() }).from(orders).groupBy(orders.status),
    db.select({ a: avg(calls.durationS) }).from(calls).where(and(gte(calls.startedAt, since), isNotNull(calls.durationS))),
    // Most asked-about orders: links made since then, as on SQLite.
    db
      .select({ id: orders.id, number: orders.number, status: orders.status, calls: count() })
      .from(orderCalls)
      .innerJoin(orders, eq(orders.id, orderCalls.orderId))
      .where(gte(orderCalls.at, since))
      .groupBy(orders.id)
      .orderBy(desc(count()), orders.id)
      .limit(10),
  ]);
  const byHour = new Map<number, DayCount>();
  // bigint and numeric arrive as strings from postgres-js.
  const bucket = (h: string) => byHour.get(Number(h)) ?? byHour.set(Number(h), { hourStart: Number(h), calls: 0, consentGiven: 0, consentDeclined: 0 }).get(Number(h))!;
  for (const r of callHours) bucket(r.h).calls = r.n;
  for (const r of consentHours) Object.assign(bucket(r.h), { consentGiven: Number(r.given), consentDeclined: Number(r.declined) });
  return {
    hourly: [...byHour.values()],
    ordersByStatus: byStatus.map((r) => ({ status: r.status as OrderStatus, count: r.count })),
    avgDurationS: avgRow?.a == null ? null : Number(avgRow.a),
    topOrders: top.map((r) => ({ ...r, status: r.status as OrderStatus })),
  };
}

export async function listLiveCalls(db: PgExec, since: Date, limit: number): Promise<CallRow[]> {
  const rows = await db
    .select()
    .from(calls)
    .where(and(eq(calls.status, 'in_progress'), gte(calls.startedAt, since)))
    .orderBy(desc(calls.startedAt), desc(calls.id))
    .limit(limit);
  return enrichCalls(db, rows);
}
