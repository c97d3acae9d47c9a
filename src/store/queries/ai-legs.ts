import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { AiLeg, AiOutcome } from '../../domain/index.ts';
import type { AiLegStore } from '../ports/ai-legs.ts';
import { newJobRow } from '../row-mappers.ts';
import type { Shared, Tables } from './context.ts';
import { dashboardAiQueries, USAGE_KEYS } from './dashboard-ai.ts';
import { run } from './tx.ts';

type Row = Tables['aiLegs']['$inferSelect'];
const toLeg = (r: Row): AiLeg => ({ ...r, outcome: (r.outcome as AiOutcome | null) ?? null });

/** Legs that never talked to anyone: nothing to summarise. */
const NOTHING_SAID = new Set(['engine_not_configured', 'max_streams', 'shutdown', 'no_start', 'engine_unreachable']);

export function aiLegQueries(shared: Shared): AiLegStore {
  const { db, t, dialect } = shared;
  const legs = t.aiLegs;

  /**
   * The conditional update is the whole of "first write wins": of two writers racing, one matches
   * `end_reason IS NULL` and the other matches nothing, whatever the database's isolation level.
   * The summary job is queued with the first write, in the same transaction.
   */
  const end = (where: ReturnType<typeof eq>, reason: string, at: Date) =>
    dialect.tx(function* (tx) {
      const [won] = yield* run(
        tx.update(legs).set({ endReason: reason, endedAt: at }).where(and(where, isNull(legs.endReason))).returning({ id: legs.id, callId: legs.callId }),
      );
      if (won) {
        if (!NOTHING_SAID.has(reason)) {
          const job = { kind: 'summarize', payload: { legId: won.id, callId: won.callId }, dedupeKey: `summarize:${won.id}` };
          yield* run(tx.insert(t.jobs).values(newJobRow(job, at)).onConflictDoNothing());
        }
        return reason;
      }
      const [stands] = yield* run(tx.select({ reason: legs.endReason }).from(legs).where(where).orderBy(desc(legs.startedAt), desc(legs.id)).limit(1));
      return stands?.reason ?? null;
    });

  return {
    startAiLeg: (leg) =>
      dialect.tx(function* (tx) {
        const [call] = yield* run(tx.select({ id: t.calls.id }).from(t.calls).where(eq(t.calls.callSid, leg.callSid)));
        if (!call) return false;
        const rows = yield* run(
          tx.insert(legs).values({ callId: call.id, streamSid: leg.streamSid, startedAt: leg.at }).onConflictDoNothing().returning({ id: legs.id }),
        );
        return rows.length > 0;
      }),
    endAiLeg: (streamSid, reason, at) => end(eq(legs.streamSid, streamSid), reason, at),
    async endOpenAiLegsStartedBefore(startedBefore, reason, at) {
      const open = await db.select({ id: legs.id }).from(legs).where(and(isNull(legs.endReason), lt(legs.startedAt, startedBefore)));
      let ended = 0;
      // One at a time through the same first-write-wins update: a leg its worker ends meanwhile keeps its reason.
      for (const { id } of open) if ((await end(eq(legs.id, id), reason, at)) === reason) ended++;
      return ended;
    },
    async endOpenAiLegOfCall(callSid, reason, at) {
      const [open] = await db
        .select({ id: legs.id })
        .from(legs)
        .innerJoin(t.calls, eq(t.calls.id, legs.callId))
        .where(and(eq(t.calls.callSid, callSid), isNull(legs.endReason)))
        .orderBy(desc(legs.startedAt), desc(legs.id))
        .limit(1);
      if (!open) return null;
      return end(eq(legs.id, open.id), reason, at);
    },
    async latestAiLeg(callSid) {
      const [row] = await db
        .select({ leg: legs })
        .from(legs)
        .innerJoin(t.calls, eq(t.calls.id, legs.callId))
        .where(eq(t.calls.callSid, callSid))
        .orderBy(desc(legs.startedAt), desc(legs.id))
        .limit(1);
      return row ? toLeg(row.leg) : null;
    },
    async listAiLegsForCall(callId) {
      const rows = await db.select().from(legs).where(eq(legs.callId, callId)).orderBy(legs.startedAt, legs.id);
      return rows.map(toLeg);
    },
    async getAiLeg(id) {
      const [row] = await db.select().from(legs).where(eq(legs.id, id));
      return row ? toLeg(row) : null;
    },
    async addAiUsage(streamSid, u) {
      // Increments in SQL: two usages of one leg never lose each other's tokens.
      const set: Record<string, unknown> = {};
      for (const k of USAGE_KEYS) set[k] = sql`${legs[k]} + ${Math.max(0, Math.floor(u[k]))}`;
      await db.update(legs).set(set).where(eq(legs.streamSid, streamSid));
    },
    async setAiLatency(streamSid, l) {
      await db.update(legs).set({ turns: l.turns, latencyP50Ms: l.p50Ms, latencyMaxMs: l.maxMs }).where(eq(legs.streamSid, streamSid));
    },
    async setAiSummary(legId, s) {
      const rows = await db
        .update(legs)
        .set({ summary: s.text, outcome: s.outcome as unknown as Record<string, unknown>, followUp: s.outcome.followUp })
        .where(eq(legs.id, legId))
        .returning({ id: legs.id });
      return rows.length > 0;
    },
    // From the hourly tallies (dashboard-ai.ts).
    aiUsageByDay: dashboardAiQueries(shared).aiUsageByDay,
  };
}
