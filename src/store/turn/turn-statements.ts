// The IVR turn on SQLite; its twin is turn-sql.ts (PostgreSQL). Not a shared transaction body
// (queries/tx.ts) because this is the webhook hot path: here the statements are prepared once and
// run synchronously in one write transaction, since building and preparing drizzle SQL on every
// call cost more than running it (bench/RESULTS.md); PostgreSQL instead saves round trips by
// writing the whole turn as one statement. Each is the fastest form on its own database.
import { and, eq, sql } from 'drizzle-orm';
import type { CallStore, TurnResult, TurnWrite } from '../ports/calls.ts';
import type { OrderStore } from '../ports/orders.ts';
import { toCall, toOrder } from '../row-mappers.ts';
import type { SqliteDb } from '../sqlite/db.ts';
import { formatActor } from '../../domain/index.ts';
import { auditLog, callEvents, calls, consentPrompts, consents, orderCalls, orderMisses, orders } from '../sqlite/schema.ts';
import { groupCommit } from '../sqlite/group-commit.ts';

const p = sql.placeholder;

/** The statements of one IVR turn, prepared once per database. */
function prepareTurnStatements(db: SqliteDb) {
  return {
    callBySid: db.select().from(calls).where(eq(calls.callSid, p('sid'))).prepare(),
    insertCall: db
      .insert(calls)
      .values({ callSid: p('callSid'), fromMasked: p('fromMasked'), toNumber: p('toNumber'), language: p('language'), status: 'in_progress', startedAt: p('at') })
      .onConflictDoNothing()
      .returning()
      .prepare(),
    insertEvent: db
      .insert(callEvents)
      .values({ callId: p('callId'), key: p('key'), kind: p('kind'), step: p('step'), digits: p('digits'), text: p('text'), detail: p('detail'), at: p('at') })
      .onConflictDoNothing()
      .prepare(),
    insertConsent: db
      .insert(consents)
      .values({ callId: p('callId'), given: p('given'), at: p('at'), language: p('language'), digits: p('digits'), promptId: p('promptId') })
      .onConflictDoNothing()
      .prepare(),
    insertPrompt: db
      .insert(consentPrompts)
      .values({ language: p('language'), hash: p('hash'), text: p('text'), firstUsedAt: p('at') })
      .onConflictDoNothing()
      .prepare(),
    promptId: db.select({ id: consentPrompts.id }).from(consentPrompts).where(and(eq(consentPrompts.language, p('language')), eq(consentPrompts.hash, p('hash')))).prepare(),
    setLanguage: db.update(calls).set({ language: sql`${p('language')}` }).where(eq(calls.id, p('id'))).returning().prepare(),
    setConsentOnCall: db
      .update(calls)
      .set({ fromFull: sql`${p('fromFull')}`, callerName: sql`${p('callerName')}`, status: sql`${p('status')}` })
      .where(eq(calls.id, p('id')))
      .returning()
      .prepare(),
    clearCallerName: db.update(calls).set({ callerName: null }).where(eq(calls.id, p('id'))).returning().prepare(),
    // Looked up first, inserted only when unknown (the turn holds the write lock): an upsert
    // would draw an AUTOINCREMENT id even when it only finds the existing order.
    insertOrder: db
      .insert(orders)
      .values({ number: p('number'), status: 'received', source: 'call', createdAt: p('at'), updatedAt: p('at') })
      .returning()
      .prepare(),
    // The order's history says a caller created it (until the shop's data confirms it).
    auditCreated: db
      .insert(auditLog)
      .values({ entity: 'order', entityId: p('orderId'), actor: p('actor'), field: 'created', oldValue: null, newValue: 'call', at: p('at') })
      .prepare(),
    insertMiss: db.insert(orderMisses).values({ number: p('number'), callId: p('callId'), at: p('at') }).onConflictDoNothing().prepare(),
    orderByNumber: db.select().from(orders).where(eq(orders.number, p('number'))).prepare(),
    linkOrder: db.insert(orderCalls).values({ orderId: p('orderId'), callId: p('callId'), at: p('at') }).onConflictDoNothing().prepare(),
  };
}

export function sqliteTurn(db: SqliteDb): Pick<CallStore, 'applyTurn'> & Pick<OrderStore, 'getOrderByNumber'> {
  const st = prepareTurnStatements(db);
  // Turns that arrive together are committed together (group-commit.ts).
  const applyTurn = groupCommit(db, (turn: TurnWrite): TurnResult => {
    const { call: c, event: e } = turn;
    let call = st.callBySid.get({ sid: c.callSid }) ?? st.insertCall.get({ ...c, at: c.at }) ?? st.callBySid.get({ sid: c.callSid })!;
    const fresh =
      st.insertEvent.run({ callId: call.id, key: e.key, kind: e.kind, step: e.step, digits: e.digits ?? null, text: e.text ?? null, detail: e.detail ?? null, at: e.at }).changes > 0;
    if (turn.consent) {
      const k = turn.consent;
      let promptId: number | null = null;
      if (k.prompt) {
        const pr = { language: k.prompt.language, hash: k.prompt.hash };
        st.insertPrompt.run({ ...pr, text: k.prompt.text, at: e.at });
        promptId = st.promptId.get(pr)!.id;
      }
      const evidence = { language: k.prompt?.language ?? null, digits: k.digits ?? null, promptId };
      const added = st.insertConsent.run({ callId: call.id, given: k.given, at: e.at, ...evidence }).changes > 0;
      if (added && k.given) {
        const status = call.status === 'in_progress' ? 'processed' : call.status;
        call = st.setConsentOnCall.get({ id: call.id, fromFull: k.fromFull, callerName: k.callerName ?? null, status })!;
      } else if (added) call = st.clearCallerName.get({ id: call.id })!;
    }
    if (turn.language && turn.language !== call.language) call = st.setLanguage.get({ id: call.id, language: turn.language })!;
    let order: typeof orders.$inferSelect | undefined;
    if (turn.saveOrder) {
      order = st.orderByNumber.get({ number: turn.saveOrder.number });
      if (!order) {
        order = st.insertOrder.get({ number: turn.saveOrder.number, at: e.at })!;
        st.auditCreated.run({ orderId: order.id, actor: formatActor({ kind: 'call', callSid: c.callSid }), at: e.at });
      }
      st.linkOrder.run({ orderId: order.id, callId: call.id, at: e.at });
    } else if (turn.lookupOrder) order = st.orderByNumber.get({ number: turn.lookupOrder.number });
    if (turn.missedOrder) st.insertMiss.run({ number: turn.missedOrder.number, callId: call.id, at: e.at });
    return { call: toCall(call), order: order ? toOrder(order) : null, fresh };
  });
  return {
    // The order confirmation reads the order before its turn (ivr-turn.ts): the prepared statement,
    // not the shared query, which builds its SQL anew on every call.
    getOrderByNumber: async (number) => {
      const r = st.orderByNumber.get({ number });
      return r ? toOrder(r) : null;
    },
    applyTurn,
  };
}
