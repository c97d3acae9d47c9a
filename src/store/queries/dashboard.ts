import { and, asc, avg, count, desc, eq, gte, inArray, isNotNull, isNull, max, sql } from 'drizzle-orm';
import { livePlaceOf, type CallRow, type DashboardStats, type DayCount, type LiveCall, type OrderStatus, type PlaceEvent } from '../../domain/index.ts';
import type { Shared } from './context.ts';

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(typeof v === 'string' && !/^\d+$/.test(v) ? v : Number(v)));

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
    const asks = count();
    const [callHours, consentHours, byStatus, [avgRow], top, misses, [unconfirmed]] = await Promise.all([
      db.select({ h: callHour, n: tally(sql`${t.calls.direction} = 'inbound'`), out: tally(sql`${t.calls.direction} = 'outbound'`) }).from(t.calls).where(gte(t.calls.startedAt, since)).groupBy(callHour),
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
      // Numbers not found (UNKNOWN_ORDERS=reject), from the misses' own (at, number) index.
      db
        .select({ number: t.orderMisses.number, calls: asks, lastAt: max(t.orderMisses.at) })
        .from(t.orderMisses)
        .where(gte(t.orderMisses.at, since))
        .groupBy(t.orderMisses.number)
        .orderBy(desc(asks), desc(max(t.orderMisses.at)), asc(t.orderMisses.number))
        .limit(10),
      db.select({ n: count() }).from(t.orders).where(eq(t.orders.source, 'call')),
    ]);
    const nowKnown = new Map(
      misses.length ? (await db.select({ id: t.orders.id, number: t.orders.number }).from(t.orders).where(inArray(t.orders.number, misses.map((m) => m.number)))).map((o) => [o.number, o.id]) : [],
    );
    const info = new Map(top.length ? (await db.select().from(t.orders).where(inArray(t.orders.id, top.map((r) => r.id)))).map((o) => [o.id, o]) : []);
    const byHour = new Map<number, DayCount>();
    // PostgreSQL's bigint arrives as a string.
    const hour = (h: number | string) => byHour.get(Number(h)) ?? byHour.set(Number(h), { hourStart: Number(h), calls: 0, outbound: 0, consentGiven: 0, consentDeclined: 0 }).get(Number(h))!;
    for (const r of callHours) Object.assign(hour(r.h), { calls: r.n, outbound: r.out });
    for (const r of consentHours) Object.assign(hour(r.h), { consentGiven: r.given, consentDeclined: r.declined });
    return {
      hourly: [...byHour.values()],
      ordersByStatus: byStatus.map((r) => ({ status: r.status as OrderStatus, count: r.count })),
      avgDurationS: avgRow?.a == null ? null : Number(avgRow.a),
      topOrders: top.flatMap((r) => {
        const o = info.get(r.id);
        return o ? [{ id: o.id, number: o.number, status: o.status as OrderStatus, calls: r.calls }] : [];
      }),
      // max() of a timestamp comes back as the driver's raw value (ms on SQLite, text on PostgreSQL).
      missedOrders: misses.map((m) => ({ number: m.number, calls: m.calls, lastAt: toDate(m.lastAt), orderId: nowKnown.get(m.number) ?? null })),
      unconfirmedOrders: unconfirmed?.n ?? 0,
    };
  }

  async function listLiveCalls(since: Date, limit: number): Promise<LiveCall[]> {
    // On the line until the call ends, whatever its status: a consented caller is `processed`,
    // and a call staff flagged as a problem may still be going on.
    const rows = await db
      .select()
      .from(t.calls)
      .where(and(isNull(t.calls.endedAt), gte(t.calls.startedAt, since)))
      .orderBy(...order.callsNewestFirst)
      .limit(limit);
    const ids = rows.map((r) => r.id);
    const last = new Map<number, PlaceEvent>();
    if (ids.length) {
      // A live call has a few dozen events at most: reading them all beats a per-call "latest" query.
      const events = await db
        .select({ callId: t.callEvents.callId, kind: t.callEvents.kind, step: t.callEvents.step, detail: t.callEvents.detail })
        .from(t.callEvents)
        .where(and(inArray(t.callEvents.callId, ids), inArray(t.callEvents.kind, ['ivr', 'ai', 'control'])))
        .orderBy(...order.events);
      for (const e of events) {
        const detail = (e.detail ?? null) as Record<string, unknown> | null;
        // Staff's call control moves the caller only when it says where to (`next`).
        if (e.kind === 'control' && typeof detail?.next !== 'string') continue;
        last.set(e.callId, { kind: e.kind, step: e.step, detail });
      }
    }
    return (await enrichCalls(rows)).map((c) => ({ ...c, place: livePlaceOf(last.get(c.id) ?? null) }));
  }

  return { dashboardStats, listLiveCalls };
}
