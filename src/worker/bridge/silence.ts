// The quiet line: after each change that may leave it quiet, close a decided end, ask for the
// response a tool's answer awaits, or arm the idle timer (a "still there?", then a goodbye).
import { quiet, record, recordLeg, type EndReason, type Leg } from './leg.ts';
import { TELL } from './tools.ts';

/** The longest wait for Twilio's mark of the last words before the stream is closed anyway. */
export const CLOSE_WAIT_MS = 15_000;

/** After every change that may leave the line quiet: close a decided end, or wait for the caller. */
export function settle(leg: Leg): void {
  if (leg.ended || !leg.ready) return;
  if (leg.closing) {
    if (quiet(leg)) leg.end(leg.closing);
    return;
  }
  if (leg.respondPending && leg.playback.activeResponse === null) {
    leg.respondPending = false;
    leg.engine?.createResponse();
    return;
  }
  if (quiet(leg) && leg.toolsRunning === 0 && !leg.respondPending) armIdle(leg);
}

function armIdle(leg: Leg) {
  leg.timers.clearTimeout(leg.idleTimer);
  leg.idleTimer = leg.timers.setTimeout(() => onIdle(leg), leg.idleMs);
}

export function disarmIdle(leg: Leg): void {
  leg.timers.clearTimeout(leg.idleTimer);
  leg.idleTimer = undefined;
}

function onIdle(leg: Leg) {
  leg.idleTimer = undefined;
  if (leg.ended || leg.closing || !quiet(leg) || leg.toolsRunning > 0) return;
  const prompt = ++leg.idlePrompts;
  record(leg, leg.deps.store.addCallEvent(leg.callSid, { key: `ai:idle:${leg.streamSid}:${prompt}`, kind: 'ai', step: 'idle', detail: { prompt }, at: leg.clock() }));
  if (prompt === 1) return leg.engine?.tellModel(TELL.stillThere);
  // Second silence: a goodbye, then back to the menu once it has played.
  closeAfterWords(leg, 'idle');
  leg.engine?.tellModel(TELL.idleGoodbye);
}

/** Ends the leg once Liza's last words have played (Twilio's mark), bounded by CLOSE_WAIT_MS. */
export function closeAfterWords(leg: Leg, reason: EndReason): void {
  if (leg.closing || leg.ended) return;
  leg.closing = reason;
  disarmIdle(leg);
  // Stored now, first write wins: a hang-up during the goodbye does not change how it ended.
  const streamSid = leg.streamSid;
  if (streamSid) recordLeg(leg, () => leg.deps.store.endAiLeg(streamSid, reason, leg.clock()));
  leg.closeTimer = leg.timers.setTimeout(() => leg.end(reason), CLOSE_WAIT_MS);
  // Not settled here: the response that called the tool is still active (its done settles).
}
