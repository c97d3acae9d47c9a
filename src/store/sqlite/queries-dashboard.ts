import { and, avg, count, desc, eq, gte, isNotNull, sql } from 'drizzle-orm';
import type { CallRow, DashboardStats } from '../ports/queries.ts';
import type { OrderStatus } from '../types.ts';
import type { SqliteDb } from './db.ts';
import { enrichCalls } from './queries-lists.ts';
import { calls, consents, orderCalls, orders } from './schema.ts';

const HOUR = 3_600_000;

export function dashboardStats(db: SqliteDb, since: Date): DashboardStats {
  // Grouped by UTC hour, not day: the page folds hours into Europe/Berlin days, whose offset
  // changes with daylight saving time but is always whole hours.
  const hourly = db
    .select({
      hourStart: sql<number>`(${calls.startedAt} / ${HOUR}) * ${HOUR}`.as('h'),
      calls: count(),
      consentGiven: sql<number>`coalesce(sum(${consents.given} = 1), 0)`,
      consentDeclined: sql<number>`coalesce(sum(${consents.given} = 0), 0)`,
    })
    .from(calls)
    .leftJoin(consents, eq(consents.callId, calls.id))
    .where(gte(calls.startedAt, since))
    .groupBy(sql`h`)
    .all();
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
  const topOrders = db
    .select({ id: orders.id, number: orders.number, status: orders.status, calls: count() })
    .from(calls)
    .innerJoin(orderCalls, eq(orderCalls.callId, calls.id))
    .innerJoin(orders, eq(orders.id, orderCalls.orderId))
    .where(gte(calls.startedAt, since))
    .groupBy(orders.id)
    .orderBy(desc(count()), orders.number)
    .limit(10)
    .all()
    .map((r) => ({ ...r, status: r.status as OrderStatus }));
  return {
    hourly: hourly.map((h) => ({ ...h, hourStart: Number(h.hourStart), consentGiven: Number(h.consentGiven), consentDeclined: Number(h.consentDeclined) })),
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
