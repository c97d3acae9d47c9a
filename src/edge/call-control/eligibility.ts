// Which calls staff may act on: callbacks only to a stored, consented number; live control only on
// a call that has not ended.
import { livePlaceOf, placesCaller, type Call, type LivePlace } from '../../domain/index.ts';
import type { Store } from '../../store/store.ts';

/** A call still without an end this long after it started lost its status callback: not live. */
export const LIVE_WINDOW_MS = 2 * 60 * 60 * 1000;

/** Live: Twilio has not reported its end, it is not waiting to be placed, and it is recent. */
export const isLive = (call: Call, now: Date) =>
  call.endedAt === null && !call.callSid.startsWith('pending:') && now.getTime() - call.startedAt.getTime() < LIVE_WINDOW_MS;

/**
 * The calls whose number may be rung back: callers who consented (so the full number is stored).
 * A callback itself is not a source: its number is its source call's.
 */
export async function callbackSources(store: Store, calls: Call[]): Promise<Call[]> {
  const candidates = calls.filter((c) => c.direction === 'inbound' && c.fromFull);
  const consents = await Promise.all(candidates.map((c) => store.getConsent(c.id)));
  return candidates.filter((_c, i) => consents[i]?.given === true);
}

/** Where the caller is now (IVR, AI leg, staff…), from the call's latest event. */
export async function liveDetail(store: Store, call: Call): Promise<LivePlace> {
  const last = (await store.listCallEvents(call.id)).filter(placesCaller).at(-1);
  return livePlaceOf(last ?? null);
}
