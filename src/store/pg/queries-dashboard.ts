import { and, avg, count, desc, eq, gte, isNotNull, sql } from 'drizzle-orm';
import type { CallRow, DashboardStats } from '../ports/queries.ts';
import type { OrderStatus } from '../types.ts';
import type { PgExec } from './db.ts';
import { enrichCalls } from './queries-lists.ts';
import { calls, consents, orderCalls, orders } from './schema.ts';

export async function dashboardStats(db: PgExec, since: Date): Promise<DashboardStats> {
  // Grouped by UTC hour, not day: the page folds hours into Europe/Berlin days, whose offset
  // changes with daylight saving time but is always whole hours. date_trunc on a timestamptz
  // would truncate in the session's time zone, so truncate the epoch instead.
  const hour = sql<string>`(floor(extract(epoch from ${calls.startedAt}) / 3600) * 3600000)::bigint`;
  const [hourly, byStatus, [avgRow], top] = await Promise.all([
    db
      .select({
        hourStart: hour.as('h'),
        calls: count(),
        consentGiven: sql<string>`count(*) filter (where ${consents.given})`,
        consentDeclined: sql<string>`count(*) filter (where not ${consents.given})`,
      })
      .from(calls)
      .leftJoin(consents, eq(consents.callId, calls.id))
      .where(gte(calls.startedAt, since))
      .groupBy(sql`h`)
      .orderBy(sql`h`),
    db.select({ status: orders.status, count: count() }).from(orders).groupBy(orders.status),
    db.select({ a: avg(calls.durationS) }).from(calls).where(and(gte(calls.startedAt, since), isNotNull(calls.durationS))),
    db
      .select({ id: orders.id, number: orders.number, status: orders.status, calls: count() })
      .from(calls)
      .innerJoin(orderCalls, eq(orderCalls.callId, calls.id))
      .innerJoin(orders, eq(orders.id, orderCalls.orderId))
      .where(gte(calls.startedAt, since))
      .groupBy(orders.id)
      .orderBy(desc(count()), orders.number)
      .limit(10),
  ]);
  return {
    // bigint and numeric arrive as strings from postgres-js.
    hourly: hourly.map((h) => ({ hourStart: Number(h.hourStart), calls: h.calls, consentGiven: Number(h.consentGiven), consentDeclined: Number(h.consentDeclined) })),
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
