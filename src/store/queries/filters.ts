// The staff lists' filters as WHERE clauses, for both databases.
import { and, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { CallFilter, OrderFilter } from '../../domain/index.ts';
import { numberVariants } from '../../telephony/number-variants.ts';
import type { NumberMatch, Tables } from './context.ts';

/** Only digits and `+` reach a LIKE pattern, so no wildcard or quote can be smuggled in. */
export const numberPart = (v: string) => v.replace(/[^0-9+]/g, '');
const likePart = (v: string) => `%${numberPart(v)}%`;

export function callWhere(t: Tables, f: CallFilter, number: NumberMatch = { kind: 'scan' }): SQL | undefined {
  const conds: SQL[] = [];
  if (f.status) conds.push(eq(t.calls.status, f.status));
  if (f.lang) conds.push(eq(t.calls.language, f.lang));
  if (f.direction) conds.push(eq(t.calls.direction, f.direction));
  if (f.startedFrom) conds.push(gte(t.calls.startedAt, f.startedFrom));
  if (f.startedBefore) conds.push(lt(t.calls.startedAt, f.startedBefore));
  // Without consent only the masked number exists; it still carries the country code and last digits.
  if (f.from && number.kind === 'ids') conds.push(number.ids.length ? inArray(t.calls.id, number.ids) : sql`1 = 0`);
  else if (f.from) {
    const shown = sql`coalesce(${t.calls.fromFull}, ${t.calls.fromMasked})`;
    conds.push(or(...numberVariants(numberPart(f.from)).map((v) => sql`${shown} like ${likePart(v)}`))!);
  }
  if (f.followUp) conds.push(sql`exists (select 1 from ${t.aiLegs} where ${t.aiLegs.callId} = ${t.calls.id} and ${t.aiLegs.followUp})`);
  return conds.length ? and(...conds) : undefined;
}

export function orderWhere(t: Tables, f: OrderFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.status) conds.push(eq(t.orders.status, f.status));
  if (f.source) conds.push(eq(t.orders.source, f.source));
  if (f.number) conds.push(sql`${t.orders.number} like ${likePart(f.number)}`);
  if (f.createdFrom) conds.push(gte(t.orders.createdAt, f.createdFrom));
  if (f.createdBefore) conds.push(lt(t.orders.createdAt, f.createdBefore));
  return conds.length ? and(...conds) : undefined;
}

/** True when the filter narrows by the caller number alone. */
export const onlyNumber = (f: CallFilter) => !!f.from && !f.status && !f.lang && !f.direction && !f.startedFrom && !f.startedBefore && !f.followUp;

/** What the number index says about all the forms of a searched number together (see Dialect.matchNumber). */
export function mergeMatches(matches: NumberMatch[]): NumberMatch {
  if (matches.some((m) => m.kind === 'scan')) return { kind: 'scan' };
  const many = matches.filter((m) => m.kind === 'many');
  if (many.length) return { kind: 'many', atLeast: Math.max(...many.map((m) => m.atLeast)) };
  return { kind: 'ids', ids: [...new Set(matches.flatMap((m) => (m.kind === 'ids' ? m.ids : [])))] };
}
