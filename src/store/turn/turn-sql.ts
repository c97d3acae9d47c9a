// The IVR turn on PostgreSQL; its twin is turn-statements.ts (SQLite). One turn as ONE SQL
// statement (data-modifying CTEs): one round trip instead of seven (BEGIN, select, insert,
// insert, upsert, insert, COMMIT). On this box each round trip cost more CPU in socket writes than
// building and running the query; see bench/RESULTS.md (webhook-pg). A single statement is atomic
// on its own, so no explicit transaction is needed. SQLite cannot write several tables in one
// statement, and there a transaction of prepared statements is fastest: hence two.
import type postgres from 'postgres';
import type { CallStore, TurnResult, TurnWrite } from '../ports/calls.ts';
import type { OrderStore } from '../ports/orders.ts';
import { getTableColumns } from 'drizzle-orm';
import { formatActor } from '../../domain/index.ts';
import { calls, orders } from '../pg/schema.ts';
import { fromDriverRow, toCall, toOrder } from '../row-mappers.ts';

type Row = Record<string, unknown>;

/** The orders table's own columns, so a row from `ins_ord` (which adds `created`) unions with a plain one. */
const ORDER_COLUMNS = Object.values(getTableColumns(orders)).map((c) => `"${c.name}"`).join(', ');

/**
 * Builds the statement for the parts this turn has. The text depends only on which parts are
 * present (a handful of shapes), so postgres-js prepares each shape once per connection.
 */
function build(t: TurnWrite): { text: string; params: unknown[] } {
  const c = t.call;
  const e = t.event;
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const at = p(e.at.toISOString());
  const sid = p(c.callSid);
  const given = t.consent?.given === true;
  // A call first seen with a "yes" is created consented; an existing one is updated below.
  // `where not exists`: an INSERT that ends in ON CONFLICT has already drawn an id from the
  // sequence, and most turns belong to a call that exists; call ids should not jump by six.
  const cte = [
    `ins_call as (insert into calls (call_sid, from_masked, to_number, caller_name, language, status, from_full, started_at)
      select ${sid}, ${p(c.fromMasked)}, ${p(c.toNumber)}, ${p(given ? (t.consent!.callerName ?? null) : null)}, ${p(c.language)}, ${p(given ? 'processed' : 'in_progress')},
              ${p(given ? t.consent!.fromFull : null)}, ${p(c.at.toISOString())}::timestamptz
      where not exists (select 1 from calls where call_sid = ${sid})
      on conflict (call_sid) do nothing returning *)`,
    // The statement's snapshot: the row existed before, or this statement inserted it.
    `call as (select * from ins_call union all select * from calls where call_sid = ${sid} limit 1)`,
    `ev as (insert into call_events (call_id, key, kind, step, digits, text, detail, at)
      select id, ${p(e.key)}, ${p(e.kind)}, ${p(e.step)}, ${p(e.digits ?? null)}, ${p(e.text ?? null)}, ${p(e.detail == null ? null : JSON.stringify(e.detail))}::jsonb, ${at}::timestamptz from call
      on conflict (call_id, key) do nothing returning id)`,
  ];
  let callOut = 'call';
  if (t.consent) {
    const k = t.consent;
    // DO UPDATE (a no-op) returns the version's row even when another edge inserted it meanwhile.
    const prompt = k.prompt ? '(select id from prm)' : 'null::integer';
    if (k.prompt) {
      cte.push(`prm as (insert into consent_prompts (language, hash, text, first_used_at)
        values (${p(k.prompt.language)}, ${p(k.prompt.hash)}, ${p(k.prompt.text)}, ${at}::timestamptz)
        on conflict (language, hash) do update set language = excluded.language returning id)`);
    }
    cte.push(`cons as (insert into consents (call_id, given, at, language, digits, prompt_id)
      select id, ${p(k.given)}::boolean, ${at}::timestamptz, ${p(k.prompt?.language ?? null)}, ${p(k.digits ?? null)}, ${prompt} from call
      on conflict do nothing returning given)`);
    // A "yes" stores the full number and the caller's name; a "no" clears a name stored before.
    cte.push(`upd as (update calls set from_full = ${p(given ? k.fromFull : null)}, caller_name = ${p(given ? (k.callerName ?? null) : null)},
          status = case when ${given ? 'true' : 'false'} and calls.status = 'in_progress' then 'processed' else calls.status end
        where calls.id = (select id from call) and not exists (select 1 from ins_call) and exists (select 1 from cons)
        returning calls.*)`);
    callOut = '(select * from upd union all select * from call limit 1)';
  }
  if (t.language) {
    // Never in the same turn as a consent (the switch key is its own answer), so `upd` and this
    // never touch the call row twice in one statement.
    cte.push(`lang as (update calls set language = ${p(t.language)} where calls.id = (select id from call) returning calls.*)`);
    callOut = '(select * from lang union all select * from call limit 1)';
  }
  let orderOut = 'null::json';
  if (t.saveOrder) {
    // An order known to our snapshot is read; a new one inserted. If another edge inserts the same
    // number meanwhile, DO UPDATE (a no-op) waits for it and still returns its row, which DO NOTHING
    // would not. Like every other part it writes nothing without a call row (then it is retried).
    const num = p(t.saveOrder.number);
    // `xmax = 0`: the row was inserted by this statement, not found by DO UPDATE (PostgreSQL's
    // documented tell), so only a created order gets its "created by a call" history entry.
    cte.push(`ins_ord as (insert into orders (number, status, source, created_at, updated_at)
      select ${num}, 'received', 'call', ${at}::timestamptz, ${at}::timestamptz
      where exists (select 1 from call) and not exists (select 1 from orders where number = ${num})
      on conflict (number) do update set number = excluded.number returning *, (xmax = 0) as created)`);
    cte.push(`aud_ord as (insert into audit_log (entity, entity_id, actor, field, old_value, new_value, at)
      select 'order', id, ${p(formatActor({ kind: 'call', callSid: c.callSid }))}, 'created', null, 'call', ${at}::timestamptz from ins_ord where created)`);
    cte.push(`ord as (select ${ORDER_COLUMNS} from ins_ord union all select ${ORDER_COLUMNS} from orders where number = ${num} and exists (select 1 from call) limit 1)`);
    cte.push(`link as (insert into order_calls (order_id, call_id, at) select ord.id, call.id, ${at}::timestamptz from ord, call on conflict do nothing)`);
    orderOut = '(select row_to_json(ord) from ord)';
  } else if (t.lookupOrder) {
    orderOut = `(select row_to_json(o) from orders o where o.number = ${p(t.lookupOrder.number)})`;
  }
  if (t.missedOrder) {
    cte.push(`miss as (insert into order_misses (number, call_id, at) select ${p(t.missedOrder.number)}, id, ${at}::timestamptz from call on conflict do nothing)`);
  }
  const consentWritten = t.consent ? 'exists (select 1 from cons)' : 'true';
  const text = `with ${cte.join(',\n')}
    select (select row_to_json(x) from ${callOut} x) as call, exists (select 1 from ev) as fresh, ${orderOut} as "order",
      ${consentWritten} as consent_written`;
  return { text, params };
}

async function applyTurnSql(client: postgres.Sql, turn: TurnWrite): Promise<TurnResult> {
  const { text, params } = build(turn);
  for (let attempt = 0; ; attempt++) {
    const [row] = await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
    // No call row: another connection inserted this CallSid after our snapshot was taken (two
    // first webhooks of one call at once), so nothing was written. A new statement sees it.
    if (row!.call === null && attempt < 3) continue;
    if (row!.call === null) throw new Error(`call ${turn.call.callSid} vanished during a turn`);
    let call = row!.call as Row;
    // The consent was already there: maybe from a concurrent replay of this very webhook that
    // committed after our snapshot, so the call we saw may predate it. Read it again (rare).
    if (!row!.consent_written) {
      const [again] = await client`select row_to_json(c) as call from calls c where call_sid = ${turn.call.callSid}`;
      call = again!.call as Row;
    }
    const order = row!.order ? toOrder(fromDriverRow(orders, row!.order as Row)) : null;
    return { call: toCall(fromDriverRow(calls, call)), order, fresh: row!.fresh as boolean };
  }
}

/** The order as the turn reads it (row_to_json, the same mapping), prepared once per connection. */
const ORDER_BY_NUMBER = 'select row_to_json(o) as "order" from orders o where o.number = $1';

export function pgTurn(client: postgres.Sql): Pick<CallStore, 'applyTurn'> & Pick<OrderStore, 'getOrderByNumber'> {
  return {
    applyTurn: (turn) => applyTurnSql(client, turn),
    // The order confirmation reads the order before its turn (ivr-turn.ts): one prepared
    // statement instead of the shared query, which drizzle builds anew on every call.
    getOrderByNumber: async (number) => {
      const [row] = await client.unsafe(ORDER_BY_NUMBER, [number], { prepare: true });
      return row ? toOrder(fromDriverRow(orders, row.order as Row)) : null;
    },
  };
}
