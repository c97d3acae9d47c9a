import { and, asc, count, desc, gt, gte, inArray, isNull, lt, max, sql } from 'drizzle-orm';
import { livePlaceOf, PLACE_EVENT_KINDS, placesCaller, type CallRow, type DashboardStats, type DayCount, type LiveCall, type OrderStatus, type PlaceEvent } from '../../domain/index.ts';
import type { Shared } from './context.ts';
import { topOrdersQuery } from './dashboard-top-orders.ts';

const HOUR = 3_600_000;
const toDate = (v: unknown) => (v instanceof Date ? v : new Date(typeof v === 'string' && !/^\d+$/.test(v) ? v : Number(v)));

export function dashboardQueries(s: Shared, enrichCalls: (rows: Shared['t']['calls']['$inferSelect'][]) => Promise<CallRow[]>) {
  const { db, t, dialect, order } = s;
  const topOrders = topOrdersQuery(s);

  async function dashboardStats(since: Date): Promise<DashboardStats> {
    // Grouped by UTC hour, not day: the page folds hours into Europe/Berlin days, whose offset
    // changes with daylight saving time but is always whole hours. Whole hours come from the
    // hourly tallies that triggers keep (dashboard_hours, migration dashboard_hours_upkeep): a
    // month is ~720 rows instead of every call. Only the part of the first hour after `since`, when
    // `since` is not an hour start, is counted from calls and consents themselves, each from its own
    // covering index (consents count by when they were given, seconds after the call starts).
    const firstWhole = Math.ceil(since.getTime() / HOUR) * HOUR;
    const partial = firstWhole > since.getTime();
    const partEnd = new Date(firstWhole);
    const callHour = dialect.hourStart(t.calls.startedAt);
    const consentHour = dialect.hourStart(t.consents.at);
    const tally = (cond: ReturnType<typeof sql>) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`.mapWith(Number);
    const h = t.dashboardHours;
    const o = t.dashboardOrders;
    const asks = count();
    const [wholeHours, callPart, consentPart, byStatusSource, top, misses] = await Promise.all([
      db.select().from(h).where(gte(h.hourStart, firstWhole)).orderBy(h.hourStart),
      partial
        ? db
            .select({
              h: callHour,
              calls: count(),
              n: tally(sql`${t.calls.direction} = 'inbound'`),
              out: tally(sql`${t.calls.direction} = 'outbound'`),
              durationSum: sql<number>`coalesce(sum(${t.calls.durationS}), 0)`.mapWith(Number),
              durationN: count(t.calls.durationS),
            })
            .from(t.calls)
            .where(and(gte(t.calls.startedAt, since), lt(t.calls.startedAt, partEnd)))
            .groupBy(callHour)
        : [],
      partial
        ? db
            .select({ h: consentHour, given: tally(sql`${t.consents.given}`), declined: tally(sql`not ${t.consents.given}`) })
            .from(t.consents)
            .where(and(gte(t.consents.at, since), lt(t.consents.at, partEnd)))
            .groupBy(consentHour)
        : [],
      // Orders per status and source, kept by triggers (dashboard_orders): a handful of rows.
      db.select({ status: o.status, source: o.source, count: o.orders }).from(o).where(gt(o.orders, 0)),
      // Most asked-about orders, from the per-order daily tallies (dashboard-top-orders.ts).
      topOrders(since, 10),
      // Numbers not found (UNKNOWN_ORDERS=reject), from the misses' own (at, number) index.
      db
        .select({ number: t.orderMisses.number, calls: asks, lastAt: max(t.orderMisses.at) })
        .from(t.orderMisses)
        .where(gte(t.orderMisses.at, since))
        .groupBy(t.orderMisses.number)
        .orderBy(desc(asks), desc(max(t.orderMisses.at)), asc(t.orderMisses.number))
        .limit(10),
    ]);
    const nowKnown = new Map(
      misses.length ? (await db.select({ id: t.orders.id, number: t.orders.number }).from(t.orders).where(inArray(t.orders.number, misses.map((m) => m.number)))).map((o) => [o.number, o.id]) : [],
    );
    const info = new Map(top.length ? (await db.select().from(t.orders).where(inArray(t.orders.id, top.map((r) => r.id)))).map((o) => [o.id, o]) : []);
    const byStatus = new Map<string, number>();
    for (const r of byStatusSource) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.count);
    const byHour = new Map<number, DayCount>();
    // PostgreSQL's bigint arrives as a string.
    const hour = (h: number | string) => byHour.get(Number(h)) ?? byHour.set(Number(h), { hourStart: Number(h), calls: 0, outbound: 0, consentGiven: 0, consentDeclined: 0 }).get(Number(h))!;
    // An hour is shown when a call started or a consent was given in it, as a recount would show it;
    // a tally row whose calls were all deleted or moved stays behind with zeros.
    let durationSum = 0;
    let durationN = 0;
    for (const r of [...callPart, ...wholeHours]) {
      durationSum += r.durationSum;
      durationN += r.durationN;
    }
    for (const r of callPart) if (r.calls > 0) Object.assign(hour(r.h), { calls: r.n, outbound: r.out });
    for (const r of consentPart) if (r.given + r.declined > 0) Object.assign(hour(r.h), { consentGiven: r.given, consentDeclined: r.declined });
    for (const r of wholeHours) {
      if (r.calls > 0) Object.assign(hour(r.hourStart), { calls: r.inbound, outbound: r.outbound });
      if (r.consentGiven + r.consentDeclined > 0) Object.assign(hour(r.hourStart), { consentGiven: r.consentGiven, consentDeclined: r.consentDeclined });
    }
    return {
      hourly: [...byHour.values()],
      ordersByStatus: [...byStatus].map(([status, n]) => ({ status: status as OrderStatus, count: n })),
      avgDurationS: durationN === 0 ? null : durationSum / durationN,
      topOrders: top.flatMap((r) => {
        const o = info.get(r.id);
        return o ? [{ id: o.id, number: o.number, status: o.status as OrderStatus, calls: r.calls }] : [];
      }),
      // max() of a timestamp comes back as the driver's raw value (ms on SQLite, text on PostgreSQL).
      missedOrders: misses.map((m) => ({ number: m.number, calls: m.calls, lastAt: toDate(m.lastAt), orderId: nowKnown.get(m.number) ?? null })),
      unconfirmedOrders: byStatusSource.reduce((n, r) => n + (r.source === 'call' ? r.count : 0), 0),
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
        .where(and(inArray(t.callEvents.callId, ids), inArray(t.callEvents.kind, [...PLACE_EVENT_KINDS])))
        .orderBy(...order.events);
      for (const e of events) {
        const place: PlaceEvent = { kind: e.kind, step: e.step, detail: (e.detail ?? null) as Record<string, unknown> | null };
        if (placesCaller(place)) last.set(e.callId, place);
      }
    }
    return (await enrichCalls(rows)).map((c) => ({ ...c, place: livePlaceOf(last.get(c.id) ?? null) }));
  }

  return { dashboardStats, listLiveCalls };
}
