import { asc, eq, sql } from 'drizzle-orm';
import type { CallStatusUpdate, CallStore, NewCall, TurnResult, TurnWrite } from '../ports/calls.ts';
import type { NewCallEvent } from '../types.ts';
import type { PgDb, PgExec } from './db.ts';
import { toCall, toCallEvent, toOrder } from './mappers.ts';
import { callEvents, calls, consents, orderCalls, orders } from './schema.ts';

/** Twilio CallStatus values after which the call is over. */
const ENDED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** True when the event is new; a replayed key (same call) is ignored by the unique index. */
export async function insertEvent(tx: PgExec, callId: number, e: NewCallEvent): Promise<boolean> {
  const rows = await tx
    .insert(callEvents)
    .values({ callId, key: e.key, kind: e.kind, step: e.step, digits: e.digits ?? null, text: e.text ?? null, detail: e.detail ?? null, at: e.at })
    .onConflictDoNothing()
    .returning({ id: callEvents.id });
  return rows.length > 0;
}

async function findOrCreateCall(tx: PgExec, c: NewCall) {
  const [found] = await tx.select().from(calls).where(eq(calls.callSid, c.callSid));
  if (found) return found;
  // Two edges may take the first webhooks of one call at once: the loser's insert waits for the
  // winner's commit, does nothing, and the second select (a fresh snapshot) sees the winner's row.
  const [made] = await tx
    .insert(calls)
    .values({ callSid: c.callSid, fromMasked: c.fromMasked, toNumber: c.toNumber, callerName: c.callerName, language: c.language, status: 'in_progress', startedAt: c.at })
    .onConflictDoNothing()
    .returning();
  return made ?? (await tx.select().from(calls).where(eq(calls.callSid, c.callSid)))[0]!;
}

async function applyTurnIn(tx: PgExec, turn: TurnWrite): Promise<TurnResult> {
  const { call: c, event: e } = turn;
  let call = await findOrCreateCall(tx, c);
  const fresh = await insertEvent(tx, call.id, e);
  if (turn.consent) {
    const added = await tx.insert(consents).values({ callId: call.id, given: turn.consent.given, at: e.at }).onConflictDoNothing().returning({ id: consents.callId });
    if (added.length && turn.consent.given) {
      const status = call.status === 'in_progress' ? 'processed' : call.status;
      const [updated] = await tx.update(calls).set({ fromFull: turn.consent.fromFull, status }).where(eq(calls.id, call.id)).returning();
      call = updated!;
    }
  }
  let order: typeof orders.$inferSelect | undefined;
  if (turn.saveOrder) {
    // DO UPDATE (a no-op) rather than DO NOTHING so RETURNING yields the row whether or not it existed.
    [order] = await tx
      .insert(orders)
      .values({ number: turn.saveOrder.number, status: 'received', createdAt: e.at, updatedAt: e.at })
      .onConflictDoUpdate({ target: orders.number, set: { number: sql`excluded.number` } })
      .returning();
    await tx.insert(orderCalls).values({ orderId: order!.id, callId: call.id, at: e.at }).onConflictDoNothing();
  } else if (turn.lookupOrder) {
    [order] = await tx.select().from(orders).where(eq(orders.number, turn.lookupOrder.number));
  }
  return { call: toCall(call), order: order ? toOrder(order) : null, fresh };
}

export function createPgCallStore(db: PgDb): CallStore {
  return {
    applyTurn: (turn) => db.transaction((tx) => applyTurnIn(tx, turn)),

    async addCallEvent(callSid, event) {
      const [call] = await db.select({ id: calls.id }).from(calls).where(eq(calls.callSid, callSid));
      return call ? insertEvent(db, call.id, event) : false;
    },

    async applyCallStatus(u: CallStatusUpdate) {
      return db.transaction(async (tx) => {
        // FOR UPDATE: a staff status change and Twilio's callback must not overwrite each other.
        const [call] = await tx.select().from(calls).where(eq(calls.callSid, u.callSid)).for('update');
        if (!call) return null;
        if (!ENDED.has(u.twilioStatus)) return toCall(call);
        // A staff "problem" flag outlives the call; a failed call is itself a problem.
        const status = call.status === 'problem' || u.twilioStatus === 'failed' ? 'problem' : 'completed';
        const durationS = u.durationS ?? Math.max(0, Math.round((u.at.getTime() - call.startedAt.getTime()) / 1000));
        const [row] = await tx
          .update(calls)
          .set({ status, endedAt: call.endedAt ?? u.at, durationS: call.durationS ?? durationS })
          .where(eq(calls.id, call.id))
          .returning();
        return toCall(row!);
      });
    },

    async getCall(id) {
      const [r] = await db.select().from(calls).where(eq(calls.id, id));
      return r ? toCall(r) : null;
    },

    async getCallBySid(callSid) {
      const [r] = await db.select().from(calls).where(eq(calls.callSid, callSid));
      return r ? toCall(r) : null;
    },

    async listCallEvents(callId) {
      const rows = await db.select().from(callEvents).where(eq(callEvents.callId, callId)).orderBy(asc(callEvents.at), asc(callEvents.id));
      return rows.map(toCallEvent);
    },

    async getConsent(callId) {
      const [r] = await db.select().from(consents).where(eq(consents.callId, callId));
      return r ?? null;
    },
  };
}
