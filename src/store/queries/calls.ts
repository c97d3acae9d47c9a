import { eq, sql } from 'drizzle-orm';
import type { Lang } from '../../domain/index.ts';
import type { CallStore } from '../ports/calls.ts';
import { toCall, toCallEvent } from '../row-mappers.ts';
import type { Shared } from './context.ts';

/** Twilio CallStatus values after which the call is over. */
const ENDED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** Everything of a call but its IVR turn (applyTurn is each database's own hot path: turn/). */
export function callQueries({ db, t, dialect, order }: Shared): Omit<CallStore, 'applyTurn'> {
  const bySid = (callSid: string) => db.select().from(t.calls).where(eq(t.calls.callSid, callSid));
  return {
    async addCallEvent(callSid, e) {
      const [call] = await db.select({ id: t.calls.id }).from(t.calls).where(eq(t.calls.callSid, callSid));
      if (!call) return false;
      // A replayed key (same call) is ignored by the unique index.
      const added = await db
        .insert(t.callEvents)
        .values({ callId: call.id, key: e.key, kind: e.kind, step: e.step, digits: e.digits ?? null, text: e.text ?? null, detail: e.detail ?? null, at: e.at })
        .onConflictDoNothing()
        .returning({ id: t.callEvents.id });
      return added.length > 0;
    },

    async applyCallStatus(u) {
      if (!ENDED.has(u.twilioStatus)) {
        const [r] = await bySid(u.callSid);
        return r ? toCall(r) : null;
      }
      // One UPDATE decides from the row as it is when written, so a staff change and Twilio's
      // callback never overwrite each other. A staff "problem" flag outlives the call; a failed
      // call is itself a problem; the first end time and duration win over replays.
      const status = u.twilioStatus === 'failed' ? sql`'problem'` : sql`case when ${t.calls.status} = 'problem' then 'problem' else 'completed' end`;
      const [row] = await db
        .update(t.calls)
        .set({
          status,
          endedAt: sql`coalesce(${t.calls.endedAt}, ${sql.param(u.at, t.calls.endedAt)})`,
          durationS: sql`coalesce(${t.calls.durationS}, ${u.durationS ?? dialect.secondsUntil(t.calls.startedAt, u.at)})`,
          // A caller who hung up before consenting stays anonymous: no name is kept without the full
          // number, i.e. without consent (rows written before names waited for consent had one).
          callerName: sql`case when ${t.calls.fromFull} is null then null else ${t.calls.callerName} end`,
        })
        .where(eq(t.calls.callSid, u.callSid))
        .returning();
      return row ? toCall(row) : null;
    },

    async getCall(id) {
      const [r] = await db.select().from(t.calls).where(eq(t.calls.id, id));
      return r ? toCall(r) : null;
    },

    async getCallBySid(callSid) {
      const [r] = await bySid(callSid);
      return r ? toCall(r) : null;
    },

    async listCallEvents(callId) {
      const rows = await db.select().from(t.callEvents).where(eq(t.callEvents.callId, callId)).orderBy(...order.events);
      return rows.map(toCallEvent);
    },

    async getConsent(callId) {
      const p = t.consentPrompts;
      const [r] = await db
        .select({ c: t.consents, p, version: sql<number>`(select count(*) from ${p} v where v.language = ${p.language} and v.id <= ${p.id})` })
        .from(t.consents)
        .leftJoin(p, eq(p.id, t.consents.promptId))
        .where(eq(t.consents.callId, callId));
      if (!r) return null;
      const { c, p: prompt } = r;
      const evidence = prompt && c.language
        ? { language: c.language as Lang, digits: c.digits, promptVersion: Number(r.version), promptHash: prompt.hash, promptText: prompt.text, promptFirstUsedAt: prompt.firstUsedAt }
        : null;
      return { callId: c.callId, given: c.given, at: c.at, evidence };
    },
  };
}
