import { eq, sql } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { callEvents, calls, consents, orderCalls, orders } from './schema.ts';

const p = sql.placeholder;

/**
 * The statements of one IVR turn, prepared once per database. The webhook hot path runs them
 * thousands of times a second; building and preparing SQL on every call cost more than
 * running it (see bench/RESULTS.md).
 */
export function prepareTurnStatements(db: SqliteDb) {
  return {
    callBySid: db.select().from(calls).where(eq(calls.callSid, p('sid'))).prepare(),
    insertCall: db
      .insert(calls)
      .values({ callSid: p('callSid'), fromMasked: p('fromMasked'), toNumber: p('toNumber'), callerName: p('callerName'), language: p('language'), status: 'in_progress', startedAt: p('at') })
      .onConflictDoNothing()
      .returning()
      .prepare(),
    insertEvent: db
      .insert(callEvents)
      .values({ callId: p('callId'), key: p('key'), kind: p('kind'), step: p('step'), digits: p('digits'), text: p('text'), detail: p('detail'), at: p('at') })
      .onConflictDoNothing()
      .prepare(),
    insertConsent: db.insert(consents).values({ callId: p('callId'), given: p('given'), at: p('at') }).onConflictDoNothing().prepare(),
    setLanguage: db.update(calls).set({ language: sql`${p('language')}` }).where(eq(calls.id, p('id'))).returning().prepare(),
    setConsentOnCall: db.update(calls).set({ fromFull: sql`${p('fromFull')}`, status: sql`${p('status')}` }).where(eq(calls.id, p('id'))).returning().prepare(),
    // Looked up first, inserted only when unknown (the turn holds the write lock): an upsert
    // would draw an AUTOINCREMENT id even when it only finds the existing order.
    insertOrder: db
      .insert(orders)
      .values({ number: p('number'), status: 'received', createdAt: p('at'), updatedAt: p('at') })
      .returning()
      .prepare(),
    orderByNumber: db.select().from(orders).where(eq(orders.number, p('number'))).prepare(),
    linkOrder: db.insert(orderCalls).values({ orderId: p('orderId'), callId: p('callId'), at: p('at') }).onConflictDoNothing().prepare(),
  };
}
