// The IVR turn on SQLite; its twin is turn-sql.ts (PostgreSQL). Not a shared transaction body
// (queries/tx.ts) because this is the webhook hot path: the statements are prepared once on the
// driver itself and run synchronously in one write transaction. Not through drizzle here: its
// prepared statements still map every parameter and every result row through the columns'
// generic encoders on each call: about 8 % of the turn's CPU (0.92 x after, same-process A/B in
// bench/RESULTS.md, section webhook-store-floor); the rows are decoded here once, by the schema's own
// columns (fromDriverRow), so the turn returns what drizzle would have. PostgreSQL instead saves
// round trips by writing the whole turn as one statement. Each is the fastest form on its own database.
import type Database from 'better-sqlite3';
import type { CallStore, TurnResult, TurnWrite } from '../ports/calls.ts';
import type { OrderStore } from '../ports/orders.ts';
import { fromDriverRow, toCall, toOrder } from '../row-mappers.ts';
import type { SqliteDb } from '../sqlite/db.ts';
import { formatActor } from '../../domain/index.ts';
import { calls, orders } from '../sqlite/schema.ts';
import { groupCommit } from '../sqlite/group-commit.ts';

type Row = Record<string, unknown>;
type CallRow = typeof calls.$inferSelect;
type OrderRow = typeof orders.$inferSelect;

/** The statements of one IVR turn, prepared once per database. Times are bound as ms (timestamp_ms). */
function prepareTurnStatements(client: Database.Database) {
  const q = (sql: string) => client.prepare(sql);
  return {
    callBySid: q('select * from calls where call_sid = ?'),
    insertCall: q(`insert into calls (call_sid, from_masked, to_number, language, status, started_at)
      values (?, ?, ?, ?, 'in_progress', ?) on conflict do nothing returning *`),
    insertEvent: q(`insert into call_events (call_id, key, kind, step, digits, text, detail, at)
      values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`),
    insertConsent: q(`insert into consents (call_id, given, at, language, digits, prompt_id)
      values (?, ?, ?, ?, ?, ?) on conflict do nothing`),
    insertPrompt: q('insert into consent_prompts (language, hash, text, first_used_at) values (?, ?, ?, ?) on conflict do nothing'),
    promptId: q('select id from consent_prompts where language = ? and hash = ?'),
    setLanguage: q('update calls set language = ? where id = ? returning *'),
    setConsentOnCall: q('update calls set from_full = ?, caller_name = ?, status = ? where id = ? returning *'),
    clearCallerName: q('update calls set caller_name = null where id = ? returning *'),
    // Looked up first, inserted only when unknown (the turn holds the write lock): an upsert
    // would draw an AUTOINCREMENT id even when it only finds the existing order.
    insertOrder: q(`insert into orders (number, status, source, created_at, updated_at)
      values (?, 'received', 'call', ?, ?) returning *`),
    // The order's history says a caller created it (until the shop's data confirms it).
    auditCreated: q(`insert into audit_log (entity, entity_id, actor, field, old_value, new_value, at)
      values ('order', ?, ?, 'created', null, 'call', ?)`),
    insertMiss: q('insert into order_misses (number, call_id, at) values (?, ?, ?) on conflict do nothing'),
    orderByNumber: q('select * from orders where number = ?'),
    linkOrder: q('insert into order_calls (order_id, call_id, at) values (?, ?, ?) on conflict do nothing'),
  };
}

const callOf = (r: unknown): CallRow => fromDriverRow(calls, r as Row);
const orderOf = (r: unknown): OrderRow | undefined => (r ? fromDriverRow(orders, r as Row) : undefined);

export function sqliteTurn(db: SqliteDb): Pick<CallStore, 'applyTurn'> & Pick<OrderStore, 'getOrderByNumber'> {
  const client = (db as unknown as { $client: Database.Database }).$client;
  const st = prepareTurnStatements(client);
  // Turns that arrive together are committed together (group-commit.ts).
  const applyTurn = groupCommit(db, (turn: TurnWrite): TurnResult => {
    const { call: c, event: e } = turn;
    const at = e.at.getTime();
    let call = callOf(st.callBySid.get(c.callSid) ?? st.insertCall.get(c.callSid, c.fromMasked, c.toNumber, c.language, c.at.getTime()) ?? st.callBySid.get(c.callSid));
    const detail = e.detail == null ? null : JSON.stringify(e.detail);
    const fresh = st.insertEvent.run(call.id, e.key, e.kind, e.step, e.digits ?? null, e.text ?? null, detail, at).changes > 0;
    if (turn.consent) {
      const k = turn.consent;
      let promptId: number | null = null;
      if (k.prompt) {
        st.insertPrompt.run(k.prompt.language, k.prompt.hash, k.prompt.text, at);
        promptId = (st.promptId.get(k.prompt.language, k.prompt.hash) as { id: number }).id;
      }
      const added = st.insertConsent.run(call.id, k.given ? 1 : 0, at, k.prompt?.language ?? null, k.digits ?? null, promptId).changes > 0;
      if (added && k.given) {
        const status = call.status === 'in_progress' ? 'processed' : call.status;
        call = callOf(st.setConsentOnCall.get(k.fromFull, k.callerName ?? null, status, call.id));
      } else if (added) call = callOf(st.clearCallerName.get(call.id));
    }
    if (turn.language && turn.language !== call.language) call = callOf(st.setLanguage.get(turn.language, call.id));
    let order: OrderRow | undefined;
    if (turn.saveOrder) {
      const number = turn.saveOrder.number;
      order = orderOf(st.orderByNumber.get(number));
      if (!order) {
        order = orderOf(st.insertOrder.get(number, at, at))!;
        st.auditCreated.run(order.id, formatActor({ kind: 'call', callSid: c.callSid }), at);
      }
      st.linkOrder.run(order.id, call.id, at);
    } else if (turn.lookupOrder) order = orderOf(st.orderByNumber.get(turn.lookupOrder.number));
    if (turn.missedOrder) st.insertMiss.run(turn.missedOrder.number, call.id, at);
    return { call: toCall(call), order: order ? toOrder(order) : null, fresh };
  });
  return {
    // The order confirmation reads the order before its turn (ivr-turn.ts): the prepared statement,
    // not the shared query, which builds its SQL anew on every call.
    getOrderByNumber: async (number) => {
      const r = orderOf(st.orderByNumber.get(number));
      return r ? toOrder(r) : null;
    },
    applyTurn,
  };
}
