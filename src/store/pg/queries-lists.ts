import { and, asc, count, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { CallFilter, CallRow, OrderFilter, OrderRow, Page, PageRequest } from '../../domain/index.ts';
import type { PgExec } from './db.ts';
import { toCall, toOrder } from '../row-mappers.ts';
import { calls, consents, orderCalls, orders } from './schema.ts';

/** Only digits and `+` reach a LIKE pattern, so no wildcard or quote can be smuggled in. */
const likePart = (v: string) => `%${v.replace(/[^0-9+]/g, '')}%`;

function callWhere(f: CallFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.status) conds.push(eq(calls.status, f.status));
  if (f.lang) conds.push(eq(calls.language, f.lang));
  if (f.startedFrom) conds.push(gte(calls.startedAt, f.startedFrom));
  if (f.startedBefore) conds.push(lt(calls.startedAt, f.startedBefore));
  // Without consent only the masked number exists; it still carries the country code and last digits.
  if (f.from) conds.push(sql`coalesce(${calls.fromFull}, ${calls.fromMasked}) like ${likePart(f.from)}`);
  return conds.length ? and(...conds) : undefined;
}

function orderWhere(f: OrderFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.status) conds.push(eq(orders.status, f.status));
  if (f.number) conds.push(sql`${orders.number} like ${likePart(f.number)}`);
  if (f.createdFrom) conds.push(gte(orders.createdAt, f.createdFrom));
  if (f.createdBefore) conds.push(lt(orders.createdAt, f.createdBefore));
  return conds.length ? and(...conds) : undefined;
}

/** Counts at most `cap + 1` rows: an exact count over a million rows would cost a full scan. */
async function cappedCount(db: PgExec, table: typeof calls | typeof orders, where: SQL | undefined, cap: number) {
  const inner = db.select({ one: sql`1` }).from(table).where(where).limit(cap + 1).as('q');
  const [r] = await db.select({ n: count() }).from(inner);
  return { total: Math.min(r!.n, cap), capped: r!.n > cap };
}

/** Enriches a page of calls with their (first) order and consent, two small indexed lookups. */
export async function enrichCalls(db: PgExec, rows: (typeof calls.$inferSelect)[]): Promise<CallRow[]> {
  const ids = rows.map((r) => r.id);
  const orderOf = new Map<number, { id: number; number: string }>();
  const consentOf = new Map<number, boolean>();
  if (ids.length) {
    const [links, cons] = await Promise.all([
      db
        .select({ callId: orderCalls.callId, id: orders.id, number: orders.number })
        .from(orderCalls)
        .innerJoin(orders, eq(orders.id, orderCalls.orderId))
        .where(inArray(orderCalls.callId, ids))
        .orderBy(asc(orderCalls.at), asc(orders.id)),
      db.select().from(consents).where(inArray(consents.callId, ids)),
    ]);
    for (const l of links) if (!orderOf.has(l.callId)) orderOf.set(l.callId, l);
    for (const c of cons) consentOf.set(c.callId, c.given);
  }
  return rows.map((r) => ({
    ...toCall(r),
    orderId: orderOf.get(r.id)?.id ?? null,
    orderNumber: orderOf.get(r.id)?.number ?? null,
    consentGiven: consentOf.get(r.id) ?? null,
  }));
}

export async function listCalls(db: PgExec, f: CallFilter, p: PageRequest): Promise<Page<CallRow>> {
  const where = callWhere(f);
  const [rows, total] = await Promise.all([
    db.select().from(calls).where(where).orderBy(desc(calls.startedAt), desc(calls.id)).limit(p.limit).offset(p.offset),
    cappedCount(db, calls, where, p.countCap),
  ]);
  return { rows: await enrichCalls(db, rows), ...total };
}

export async function listOrders(db: PgExec, f: OrderFilter, p: PageRequest): Promise<Page<OrderRow>> {
  const where = orderWhere(f);
  const [rows, total] = await Promise.all([
    db.select().from(orders).where(where).orderBy(desc(orders.createdAt), desc(orders.id)).limit(p.limit).offset(p.offset),
    cappedCount(db, orders, where, p.countCap),
  ]);
  const ids = rows.map((r) => r.id);
  const counts = new Map<number, number>();
  if (ids.length) {
    const cs = await db.select({ id: orderCalls.orderId, n: count() }).from(orderCalls).where(inArray(orderCalls.orderId, ids)).groupBy(orderCalls.orderId);
    for (const c of cs) counts.set(c.id, c.n);
  }
  return { rows: rows.map((r) => ({ ...toOrder(r), callCount: counts.get(r.id) ?? 0 })), ...total };
}
