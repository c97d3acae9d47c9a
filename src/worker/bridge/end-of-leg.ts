// The leg's one end: timers stopped, the engine closed, the reason stored before the Twilio
// stream is closed (the <Connect action> then reads it), `done` once every write has settled.
import { formatClear } from '../twilio/codec.ts';
import { record, recordLeg, reportTurn, type EndReason, type Leg } from './leg.ts';
import { summarise } from './latency.ts';
import { disarmIdle } from './silence.ts';
import { releaseTranscripts } from './transcripts.ts';
import { sendTwilio } from './twilio-out.ts';

/** Reasons after which Twilio's queued audio is left to play out (the last words are wanted). */
const PLAY_OUT: ReadonlySet<EndReason> = new Set<EndReason>(['hangup', 'end_call', 'transfer_to_staff', 'idle']);

export function endLeg(leg: Leg, reason: EndReason): void {
  if (leg.ended) return;
  leg.ended = true;
  const { timers, twilio, streamSid } = leg;
  timers.clearTimeout(leg.startTimer);
  timers.clearTimeout(leg.capTimer);
  leg.release?.();
  leg.release = null;
  timers.clearTimeout(leg.closeTimer);
  disarmIdle(leg);
  reportTurn(leg);
  leg.engine?.close();
  if (leg.callSid) {
    releaseTranscripts(leg, true);
    // After the admission: a stream the store refused records nothing (the call's leg is not its own).
    const ended = { key: `ai:ended:${streamSid}`, kind: 'ai' as const, step: 'ended', detail: { reason }, at: leg.clock() };
    record(leg, leg.legStarted.then(() => leg.admitted && leg.deps.store.addCallEvent(leg.callSid, ended)));
  }
  let stood: Promise<unknown> = Promise.resolve();
  if (streamSid) {
    // The reason is in the store before the stream closes: the <Connect action> Twilio requests
    // on the close (/webhook/stream_end) then reads it, never a stale one.
    const s = summarise(leg.turns);
    stood = leg.legStarted.then(() => (leg.admitted ? leg.deps.store.endAiLeg(streamSid, reason, leg.clock()) : null)).catch((err: Error) => leg.log.warn({ err: err.message }, 'ai leg end not stored'));
    leg.writes.push(stood);
    recordLeg(leg, () => leg.deps.store.setAiLatency(streamSid, s));
  }
  void stood.then(() => {
    // No dead air: closing the stream makes Twilio request the <Connect action>, which goes on
    // from the stored reason (help menu, staff, goodbye).
    // A socket that stopped reading takes no close frame either: it is cut.
    if (leg.slow) return twilio.terminate();
    if (twilio.readyState === 1) {
      if (!PLAY_OUT.has(reason)) sendTwilio(leg, formatClear(streamSid));
      twilio.close(1000);
    }
  });
  leg.log.info({ reason }, 'ai stream ended');
  leg.deps.onEnd?.(reason);
  void stood.then(() => Promise.all(leg.writes)).then(() => leg.resolveDone());
}

/** Closes a stream that may not run, recording nothing: the call's live leg (if any) is not ours. */
export function refuseStream(leg: Leg, why: string, detail: Record<string, unknown>): void {
  leg.ended = true;
  leg.timers.clearTimeout(leg.startTimer);
  leg.log.warn(detail, `media stream refused: ${why}`);
  leg.twilio.close(1008, why);
  leg.resolveDone();
}
