import { and, asc, count, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { CallFilter, CallRow, OrderFilter, OrderRow, Page, PageRequest } from '../../domain/index.ts';
import type { SqliteDb } from './db.ts';
import { toCall, toOrder } from '../row-mappers.ts';
import { calls, consents, orderCalls, orders } from './schema.ts';

/** Only digits and `+` reach a LIKE pattern, so no wildcard or quote can be smuggled in. */
const likePart = (v: string) => `%${v.replace(/[^0-9+]/g, '')}%`;

/** Up to this many number matches are read from the trigram index; more means a common pattern. */
const FTS_LIMIT = 10_000;

type NumberMatch = { kind: 'ids'; ids: number[] } | { kind: 'many' } | { kind: 'scan' };

/**
 * Calls whose number contains `part`, from the FTS5 trigram index (migration 0002). `many`: more
 * than FTS_LIMIT matches, a pattern so common that walking the newest calls finds a page at once;
 * `scan`: under 3 characters, which a trigram index cannot serve.
 */
function matchNumber(db: SqliteDb, part: string): NumberMatch {
  const clean = part.replace(/[^0-9+]/g, '');
  if (clean.length < 3) return { kind: 'scan' };
  const rows = db.all<{ id: number }>(sql`select rowid as id from calls_number_fts where number like ${`%${clean}%`} limit ${FTS_LIMIT + 1}`);
  return rows.length > FTS_LIMIT ? { kind: 'many' } : { kind: 'ids', ids: rows.map((r) => r.id) };
}

export function callWhere(f: CallFilter, number: NumberMatch = { kind: 'scan' }): SQL | undefined {
  const conds: SQL[] = [];
  if (f.status) conds.push(eq(calls.status, f.status));
  if (f.lang) conds.push(eq(calls.language, f.lang));
  if (f.startedFrom) conds.push(gte(calls.startedAt, f.startedFrom));
  if (f.startedBefore) conds.push(lt(calls.startedAt, f.startedBefore));
  // Without consent only the masked number exists; it still carries the country code and last digits.
  if (f.from && number.kind === 'ids') conds.push(number.ids.length ? inArray(calls.id, number.ids) : sql`0`);
  else if (f.from) conds.push(sql`coalesce(${calls.fromFull}, ${calls.fromMasked}) like ${likePart(f.from)}`);
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
function cappedCount(db: SqliteDb, table: typeof calls | typeof orders, where: SQL | undefined, cap: number) {
  const inner = db.select({ one: sql`1` }).from(table).where(where).limit(cap + 1).as('q');
  const n = db.select({ n: count() }).from(inner).get()!.n;
  return { total: Math.min(n, cap), capped: n > cap };
}

/** Enriches a page of calls with their (first) order and consent, two small indexed lookups. */
export function enrichCalls(db: SqliteDb, rows: (typeof calls.$inferSelect)[]): CallRow[] {
  const ids = rows.map((r) => r.id);
  const orderOf = new Map<number, { id: number; number: string }>();
  const consentOf = new Map<number, boolean>();
  if (ids.length) {
    const links = db
      .select({ callId: orderCalls.callId, id: orders.id, number: orders.number })
      .from(orderCalls)
      .innerJoin(orders, eq(orders.id, orderCalls.orderId))
      .where(inArray(orderCalls.callId, ids))
      .orderBy(asc(orderCalls.at), asc(orders.id))
      .all();
    for (const l of links) if (!orderOf.has(l.callId)) orderOf.set(l.callId, l);
    for (const c of db.select().from(consents).where(inArray(consents.callId, ids)).all()) consentOf.set(c.callId, c.given);
  }
  return rows.map((r) => ({
    ...toCall(r),
    orderId: orderOf.get(r.id)?.id ?? null,
    orderNumber: orderOf.get(r.id)?.number ?? null,
    consentGiven: consentOf.get(r.id) ?? null,
  }));
}

export function listCalls(db: SqliteDb, f: CallFilter, p: PageRequest): Page<CallRow> {
  const number = f.from ? matchNumber(db, f.from) : ({ kind: 'scan' } as const);
  const where = callWhere(f, number);
  // Deferred join: the offset is walked in the index (ids only), then only the page's rows are read.
  const ids = db.select({ id: calls.id }).from(calls).where(where).orderBy(desc(calls.startedAt), desc(calls.id)).limit(p.limit).offset(p.offset).all().map((r) => r.id);
  const byId = new Map(ids.length ? db.select().from(calls).where(inArray(calls.id, ids)).all().map((r) => [r.id, r]) : []);
  const rows = ids.map((id) => byId.get(id)!).filter(Boolean);
  const onlyNumber = !f.status && !f.lang && !f.startedFrom && !f.startedBefore;
  // The trigram index already told us there are more matches than we would count.
  const counted = number.kind === 'many' && onlyNumber && p.countCap <= FTS_LIMIT ? { total: p.countCap, capped: true } : cappedCount(db, calls, where, p.countCap);
  return { rows: enrichCalls(db, rows), ...counted };
}

export function listOrders(db: SqliteDb, f: OrderFilter, p: PageRequest): Page<OrderRow> {
  const where = orderWhere(f);
  const rows = db.select().from(orders).where(where).orderBy(desc(orders.createdAt), desc(orders.id)).limit(p.limit).offset(p.offset).all();
  const ids = rows.map((r) => r.id);
  const counts = new Map<number, number>();
  if (ids.length) {
    const cs = db.select({ id: orderCalls.orderId, n: count() }).from(orderCalls).where(inArray(orderCalls.orderId, ids)).groupBy(orderCalls.orderId).all();
    for (const c of cs) counts.set(c.id, c.n);
  }
  return {
    rows: rows.map((r) => ({ ...toOrder(r), callCount: counts.get(r.id) ?? 0 })),
    ...cappedCount(db, orders, where, p.countCap),
  };
}
