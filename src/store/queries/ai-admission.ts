// Admission of a media stream's `start` (issue 11, point 5): the call must be waiting for its AI
// leg, and only one stream may take it, whichever worker it reaches. Decided in one transaction
// with the call's row locked (PostgreSQL: FOR UPDATE; SQLite: BEGIN IMMEDIATE), so two workers
// racing for the same call see each other's `ai:started`.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { livePlaceOf, PLACE_EVENT_KINDS, placesCaller, type PlaceEvent } from '../../domain/index.ts';
import type { AiAdmissionStore } from '../ports/ai-legs.ts';
import type { Shared } from './context.ts';
import { run } from './tx.ts';

/** A live call has a few dozen events; the latest that says where the caller is sits near the end. */
const RECENT_EVENTS = 50;

export function aiAdmissionQueries({ t, dialect }: Shared): AiAdmissionStore {
  return {
    admitAiLeg: ({ callSid, streamSid, at, lang }) =>
      dialect.tx(function* (tx) {
        const [call] = yield* run(dialect.forUpdate(tx.select({ id: t.calls.id, endedAt: t.calls.endedAt }).from(t.calls).where(eq(t.calls.callSid, callSid))));
        if (!call) return 'unknown call';
        if (call.endedAt) return 'call has ended';
        // Insertion order, not `at`: the edge's and the worker's clocks may differ by more than the
        // moment between the TwiML and the stream's start.
        const recent = yield* run(
          tx
            .select({ kind: t.callEvents.kind, step: t.callEvents.step, detail: t.callEvents.detail })
            .from(t.callEvents)
            .where(and(eq(t.callEvents.callId, call.id), inArray(t.callEvents.kind, [...PLACE_EVENT_KINDS])))
            .orderBy(desc(t.callEvents.id))
            .limit(RECENT_EVENTS),
        );
        // Where the caller is, as the live panel reads it (domain/live.ts).
        const last = recent.map((e): PlaceEvent => ({ ...e, detail: (e.detail ?? null) as Record<string, unknown> | null })).find(placesCaller) ?? null;
        // Another stream already took this connect (or the leg it started has ended).
        if (last?.kind === 'ai') return last.step === 'ended' ? 'call is not waiting for its AI leg' : 'call already streaming';
        if (livePlaceOf(last).kind !== 'ai') return 'call is not waiting for its AI leg';
        // The leg first: a StreamSid already recorded (a replay) must leave no `ai:started` behind,
        // or the call would look taken to its real stream.
        const leg = yield* run(tx.insert(t.aiLegs).values({ callId: call.id, streamSid, startedAt: at }).onConflictDoNothing().returning({ id: t.aiLegs.id }));
        if (leg.length === 0) return 'stream already recorded';
        yield* run(tx.insert(t.callEvents).values({ callId: call.id, key: `ai:started:${streamSid}`, kind: 'ai', step: 'started', detail: { lang }, at }).onConflictDoNothing());
        return null;
      }),
  };
}
