import { asc, eq, sql } from 'drizzle-orm';
import type { CallStatusUpdate, CallStore } from '../ports/calls.ts';
import type postgres from 'postgres';
import type { NewCallEvent } from '../../domain/index.ts';
import type { PgDb, PgExec } from './db.ts';
import { toCall, toCallEvent } from '../row-mappers.ts';
import { callEvents, calls, consents } from './schema.ts';
import { applyTurnSql } from './turn-sql.ts';

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

export function createPgCallStore(db: PgDb, client: postgres.Sql): CallStore {
  return {
    applyTurn: (turn) => applyTurnSql(client, turn),

    async addCallEvent(callSid, event) {
      const [call] = await db.select({ id: calls.id }).from(calls).where(eq(calls.callSid, callSid));
      return call ? insertEvent(db, call.id, event) : false;
    },

    async applyCallStatus(u: CallStatusUpdate) {
      if (!ENDED.has(u.twilioStatus)) {
        const [r] = await db.select().from(calls).where(eq(calls.callSid, u.callSid));
        return r ? toCall(r) : null;
      }
      // One UPDATE decides from the row as it is when locked, so a staff change and Twilio's
      // callback never overwrite each other. A staff "problem" flag outlives the call; a failed
      // call is itself a problem; the first end time and duration win over replays.
      const at = sql`${u.at.toISOString()}::timestamptz`;
      const [row] = await db
        .update(calls)
        .set({
          status: sql`case when ${calls.status} = 'problem' or ${u.twilioStatus === 'failed'} then 'problem' else 'completed' end`,
          endedAt: sql`coalesce(${calls.endedAt}, ${at})`,
          durationS: sql`coalesce(${calls.durationS}, ${u.durationS}::int, greatest(0, round(extract(epoch from ${at} - ${calls.startedAt})))::int)`,
        })
        .where(eq(calls.callSid, u.callSid))
        .returning();
      return row ? toCall(row) : null;
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
