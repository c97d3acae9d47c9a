import { and, asc, eq } from 'drizzle-orm';
import type { CallStatusUpdate, CallStore, NewCall, TurnResult, TurnWrite } from '../ports/calls.ts';
import type { NewCallEvent } from '../types.ts';
import type { SqliteDb } from './db.ts';
import { toCall, toCallEvent, toOrder } from './mappers.ts';
import { callEvents, calls, consents, orderCalls, orders } from './schema.ts';

type Tx = Parameters<Parameters<SqliteDb['transaction']>[0]>[0];

/** Twilio CallStatus values after which the call is over. */
const ENDED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

function ensureCall(tx: Tx, c: NewCall) {
  const found = tx.select().from(calls).where(eq(calls.callSid, c.callSid)).get();
  if (found) return found;
  tx.insert(calls)
    .values({ ...c, status: 'in_progress', startedAt: c.at })
    .onConflictDoNothing()
    .run();
  return tx.select().from(calls).where(eq(calls.callSid, c.callSid)).get()!;
}

function insertEvent(tx: Tx, callId: number, e: NewCallEvent): boolean {
  const res = tx
    .insert(callEvents)
    .values({ callId, key: e.key, kind: e.kind, step: e.step, digits: e.digits ?? null, text: e.text ?? null, detail: e.detail ?? null, at: e.at })
    .onConflictDoNothing()
    .run();
  return res.changes > 0;
}

function saveOrder(tx: Tx, callId: number, number: string, at: Date) {
  tx.insert(orders).values({ number, status: 'received', createdAt: at, updatedAt: at }).onConflictDoNothing().run();
  const order = tx.select().from(orders).where(eq(orders.number, number)).get()!;
  tx.insert(orderCalls).values({ orderId: order.id, callId, at }).onConflictDoNothing().run();
  return order;
}

export function createSqliteCallStore(db: SqliteDb): CallStore {
  return {
    async applyTurn(turn: TurnWrite): Promise<TurnResult> {
      return db.transaction((tx) => {
        let call = ensureCall(tx, turn.call);
        const fresh = insertEvent(tx, call.id, turn.event);
        if (turn.consent) {
          const c = turn.consent;
          const added = tx.insert(consents).values({ callId: call.id, given: c.given, at: turn.event.at }).onConflictDoNothing().run();
          if (added.changes > 0 && c.given) {
            call = tx
              .update(calls)
              .set({ fromFull: c.fromFull, status: call.status === 'in_progress' ? 'processed' : call.status })
              .where(eq(calls.id, call.id))
              .returning()
              .get()!;
          }
        }
        let order = null;
        if (turn.saveOrder) order = saveOrder(tx, call.id, turn.saveOrder.number, turn.event.at);
        else if (turn.lookupOrder) {
          order = tx.select().from(orders).where(eq(orders.number, turn.lookupOrder.number)).get() ?? null;
        }
        return { call: toCall(call), order: order ? toOrder(order) : null, fresh };
      });
    },

    async addCallEvent(callSid, event) {
      return db.transaction((tx) => {
        const call = tx.select({ id: calls.id }).from(calls).where(eq(calls.callSid, callSid)).get();
        return call ? insertEvent(tx, call.id, event) : false;
      });
    },

    async applyCallStatus(u: CallStatusUpdate) {
      return db.transaction((tx) => {
        const call = tx.select().from(calls).where(eq(calls.callSid, u.callSid)).get();
        if (!call) return null;
        if (!ENDED.has(u.twilioStatus)) return toCall(call);
        // A staff "problem" flag outlives the call; a failed call is itself a problem.
        const status = call.status === 'problem' || u.twilioStatus === 'failed' ? 'problem' : 'completed';
        const durationS = u.durationS ?? Math.max(0, Math.round((u.at.getTime() - call.startedAt.getTime()) / 1000));
        const row = tx
          .update(calls)
          .set({ status, endedAt: call.endedAt ?? u.at, durationS: call.durationS ?? durationS })
          .where(eq(calls.id, call.id))
          .returning()
          .get()!;
        return toCall(row);
      });
    },

    async getCall(id) {
      const r = db.select().from(calls).where(eq(calls.id, id)).get();
      return r ? toCall(r) : null;
    },

    async getCallBySid(callSid) {
      const r = db.select().from(calls).where(eq(calls.callSid, callSid)).get();
      return r ? toCall(r) : null;
    },

    async listCallEvents(callId) {
      return db.select().from(callEvents).where(eq(callEvents.callId, callId)).orderBy(asc(callEvents.at), asc(callEvents.id)).all().map(toCallEvent);
    },

    async getConsent(callId) {
      const r = db.select().from(consents).where(and(eq(consents.callId, callId))).get();
      return r ?? null;
    },
  };
}
