import { and, asc, eq } from 'drizzle-orm';
import type { CallStatusUpdate, CallStore, TurnResult, TurnWrite } from '../ports/calls.ts';
import type { NewCallEvent } from '../types.ts';
import { WRITE, type SqliteDb } from './db.ts';
import { toCall, toCallEvent, toOrder } from '../row-mappers.ts';
import { callEvents, calls, consents, orders } from './schema.ts';
import { prepareTurnStatements } from './turn-statements.ts';

type Tx = Parameters<Parameters<SqliteDb['transaction']>[0]>[0];

/** Twilio CallStatus values after which the call is over. */
const ENDED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

function insertEvent(tx: Tx, callId: number, e: NewCallEvent): boolean {
  const res = tx
    .insert(callEvents)
    .values({ callId, key: e.key, kind: e.kind, step: e.step, digits: e.digits ?? null, text: e.text ?? null, detail: e.detail ?? null, at: e.at })
    .onConflictDoNothing()
    .run();
  return res.changes > 0;
}

export function createSqliteCallStore(db: SqliteDb): CallStore {
  const st = prepareTurnStatements(db);
  return {
    async applyTurn(turn: TurnWrite): Promise<TurnResult> {
      return db.transaction(() => {
        const { call: c, event: e } = turn;
        let call = st.callBySid.get({ sid: c.callSid }) ?? st.insertCall.get({ ...c, at: c.at }) ?? st.callBySid.get({ sid: c.callSid })!;
        const fresh =
          st.insertEvent.run({ callId: call.id, key: e.key, kind: e.kind, step: e.step, digits: e.digits ?? null, text: e.text ?? null, detail: e.detail ?? null, at: e.at }).changes > 0;
        if (turn.consent) {
          const added = st.insertConsent.run({ callId: call.id, given: turn.consent.given, at: e.at }).changes > 0;
          if (added && turn.consent.given) {
            const status = call.status === 'in_progress' ? 'processed' : call.status;
            call = st.setConsentOnCall.get({ id: call.id, fromFull: turn.consent.fromFull, status })!;
          }
        }
        if (turn.language && turn.language !== call.language) call = st.setLanguage.get({ id: call.id, language: turn.language })!;
        let order: typeof orders.$inferSelect | undefined;
        if (turn.saveOrder) {
          order = st.orderByNumber.get({ number: turn.saveOrder.number }) ?? st.insertOrder.get({ number: turn.saveOrder.number, at: e.at })!;
          st.linkOrder.run({ orderId: order.id, callId: call.id, at: e.at });
        } else if (turn.lookupOrder) order = st.orderByNumber.get({ number: turn.lookupOrder.number });
        return { call: toCall(call), order: order ? toOrder(order) : null, fresh };
      }, WRITE);
    },

    async addCallEvent(callSid, event) {
      return db.transaction((tx) => {
        const call = tx.select({ id: calls.id }).from(calls).where(eq(calls.callSid, callSid)).get();
        return call ? insertEvent(tx, call.id, event) : false;
      }, WRITE);
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
      }, WRITE);
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
