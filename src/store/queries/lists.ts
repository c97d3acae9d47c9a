// The staff pages' lists: a page of calls or orders, filtered, newest first, with a capped count.
import { count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { CallFilter, CallRow, OrderFilter, OrderRow, Page, PageRequest } from '../../domain/index.ts';
import { toCall, toOrder } from '../row-mappers.ts';
import type { NumberMatch, Shared, Tables } from './context.ts';
import { numberVariants } from '../../telephony/number-variants.ts';
import { callWhere, mergeMatches, numberPart, onlyNumber, orderWhere } from './filters.ts';

const SCAN: NumberMatch = { kind: 'scan' };

export function listQueries(s: Shared) {
  const { db, t, dialect, order } = s;

  /** Counts at most `cap + 1` rows: an exact count over a million rows would cost a full scan. */
  async function cappedCount(table: Tables['calls'] | Tables['orders'], where: SQL | undefined, cap: number) {
    const inner = db.select({ one: sql`1` }).from(table).where(where).limit(cap + 1).as('q');
    const [r] = await db.select({ n: count() }).from(inner);
    return { total: Math.min(r!.n, cap), capped: r!.n > cap };
  }

  /** A page of calls with their first order and their consent: two small indexed lookups. */
  async function enrichCalls(rows: Tables['calls']['$inferSelect'][]): Promise<CallRow[]> {
    const ids = rows.map((r) => r.id);
    const orderOf = new Map<number, { id: number; number: string }>();
    const consentOf = new Map<number, boolean>();
    if (ids.length) {
      const [links, consents] = await Promise.all([
        db
          .select({ callId: t.orderCalls.callId, id: t.orders.id, number: t.orders.number })
          .from(t.orderCalls)
          .innerJoin(t.orders, eq(t.orders.id, t.orderCalls.orderId))
          .where(inArray(t.orderCalls.callId, ids))
          .orderBy(...order.linksOldestFirst),
        db.select().from(t.consents).where(inArray(t.consents.callId, ids)),
      ]);
      for (const l of links) if (!orderOf.has(l.callId)) orderOf.set(l.callId, l);
      for (const c of consents) consentOf.set(c.callId, c.given);
    }
    return rows.map((r) => ({
      ...toCall(r),
      orderId: orderOf.get(r.id)?.id ?? null,
      orderNumber: orderOf.get(r.id)?.number ?? null,
      consentGiven: consentOf.get(r.id) ?? null,
    }));
  }

  async function listCalls(f: CallFilter, p: PageRequest): Promise<Page<CallRow>> {
    const number = f.from ? mergeMatches(await Promise.all(numberVariants(numberPart(f.from)).map((v) => dialect.matchNumber(v)))) : SCAN;
    const where = callWhere(t, f, number);
    // Deferred join: the offset is walked in the index (ids only), then only the page's rows are read.
    const pageIds = db.select({ id: t.calls.id }).from(t.calls).where(where).orderBy(...order.callsNewestFirst).limit(p.limit).offset(p.offset);
    // The number index already told us there are more matches than we would count.
    const known = number.kind === 'many' && onlyNumber(f) && p.countCap <= number.atLeast;
    const [rows, counted] = await Promise.all([
      db.select().from(t.calls).where(inArray(t.calls.id, pageIds)).orderBy(...order.callsNewestFirst),
      known ? { total: p.countCap, capped: true } : cappedCount(t.calls, where, p.countCap),
    ]);
    return { rows: await enrichCalls(rows), ...counted };
  }

  async function listOrders(f: OrderFilter, p: PageRequest): Promise<Page<OrderRow>> {
    const where = orderWhere(t, f);
    const [rows, counted] = await Promise.all([
      db.select().from(t.orders).where(where).orderBy(...order.ordersNewestFirst).limit(p.limit).offset(p.offset),
      cappedCount(t.orders, where, p.countCap),
    ]);
    const ids = rows.map((r) => r.id);
    const calls = new Map<number, number>();
    if (ids.length) {
      const cs = await db.select({ id: t.orderCalls.orderId, n: count() }).from(t.orderCalls).where(inArray(t.orderCalls.orderId, ids)).groupBy(t.orderCalls.orderId);
      for (const c of cs) calls.set(c.id, c.n);
    }
    return { rows: rows.map((r) => ({ ...toOrder(r), callCount: calls.get(r.id) ?? 0 })), ...counted };
  }

  return { listCalls, listOrders, enrichCalls };
}
