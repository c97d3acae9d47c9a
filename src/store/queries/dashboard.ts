import { and, avg, count, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import type { CallRow, DashboardStats, DayCount, OrderStatus } from '../../domain/index.ts';
import type { Shared } from './context.ts';

export function dashboardQueries(s: Shared, enrichCalls: (rows: Shared['t']['calls']['$inferSelect'][]) => Promise<CallRow[]>) {
  const { db, t, dialect, order } = s;

  async function dashboardStats(since: Date): Promise<DashboardStats> {
    // Grouped by UTC hour, not day: the page folds hours into Europe/Berlin days, whose offset
    // changes with daylight saving time but is always whole hours. Calls count by start and
    // consents by when they were given, each from its own covering index (a consent is given
    // seconds after the call starts) instead of joining a month of calls row by row.
    const callHour = dialect.hourStart(t.calls.startedAt);
    const consentHour = dialect.hourStart(t.consents.at);
    const tally = (cond: ReturnType<typeof sql>) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`.mapWith(Number);
    const asked = count();
    const [callHours, consentHours, byStatus, [avgRow], top] = await Promise.all([
      db.select({ h: callHour, n: count() }).from(t.calls).where(gte(t.calls.startedAt, since)).groupBy(callHour),
      db
        .select({ h: consentHour, given: tally(sql`${t.consents.given}`), declined: tally(sql`not ${t.consents.given}`) })
        .from(t.consents)
        .where(gte(t.consents.at, since))
        .groupBy(consentHour),
      db.select({ status: t.orders.status, count: count() }).from(t.orders).groupBy(t.orders.status),
      db.select({ a: avg(t.calls.durationS) }).from(t.calls).where(and(gte(t.calls.startedAt, since), isNotNull(t.calls.durationS))),
      // Most asked-about orders: links made since then, counted in the links' own index.
      db
        // The id as an expression: drizzle refuses a bare column of a FROM it only sees as SQL.
        .select({ id: sql<number>`${t.orderCalls.orderId}`.mapWith(Number), calls: asked })
        .from(dialect.orderCallsByTime)
        .where(gte(t.orderCalls.at, since))
        .groupBy(t.orderCalls.orderId)
        .orderBy(desc(asked), t.orderCalls.orderId)
        .limit(10),
    ]);
    const info = new Map(top.length ? (await db.select().from(t.orders).where(inArray(t.orders.id, top.map((r) => r.id)))).map((o) => [o.id, o]) : []);
    const byHour = new Map<number, DayCount>();
    // PostgreSQL's bigint arrives as a string.
    const hour = (h: number | string) => byHour.get(Number(h)) ?? byHour.set(Number(h), { hourStart: Number(h), calls: 0, consentGiven: 0, consentDeclined: 0 }).get(Number(h))!;
    for (const r of callHours) hour(r.h).calls = r.n;
    for (const r of consentHours) Object.assign(hour(r.h), { consentGiven: r.given, consentDeclined: r.declined });
    return {
      hourly: [...byHour.values()],
      ordersByStatus: byStatus.map((r) => ({ status: r.status as OrderStatus, count: r.count })),
      avgDurationS: avgRow?.a == null ? null : Number(avgRow.a),
      topOrders: top.flatMap((r) => {
        const o = info.get(r.id);
        return o ? [{ id: o.id, number: o.number, status: o.status as OrderStatus, calls: r.calls }] : [];
      }),
    };
  }

  async function listLiveCalls(since: Date, limit: number): Promise<CallRow[]> {
    const rows = await db
      .select()
      .from(t.calls)
      .where(and(eq(t.calls.status, 'in_progress'), gte(t.calls.startedAt, since)))
      .orderBy(...order.callsNewestFirst)
      .limit(limit);
    return enrichCalls(rows);
  }

  return { dashboardStats, listLiveCalls };
}
