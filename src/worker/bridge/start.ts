// Twilio's `start`: admission (one start per stream, the per-call token, one live stream per
// call, the worker's cap), then the leg's row and the engine session.
// https://www.twilio.com/docs/voice/media-streams/websocket-messages#start-message
import { isLang } from '../../domain/index.ts';
import type { parseTwilioMessage } from '../twilio/codec.ts';
import { refuseStream } from './end-of-leg.ts';
import { onEngine } from './engine-in.ts';
import type { Leg } from './leg.ts';

export type StartMessage = Extract<ReturnType<typeof parseTwilioMessage>, { type: 'start' }>;

export function onStart(leg: Leg, m: StartMessage): void {
  const { deps, timers } = leg;
  if (leg.started) {
    // Twilio sends one `start` per stream; more are an attack (each used to open an engine
    // session). The stream ends, once, with its own reason.
    leg.log.warn({ streamSid: m.streamSid }, 'second start on one media stream: ending it');
    return leg.end('twilio_protocol');
  }
  leg.started = true;
  timers.clearTimeout(leg.startTimer);
  const sid = m.customParameters.call || m.callSid;
  const refused = deps.refuseStart?.(sid, m.customParameters.token);
  if (refused) return refuseStream(leg, refused, { callSid: sid, streamSid: m.streamSid });
  if (deps.claimCall) {
    leg.release = deps.claimCall(sid);
    if (!leg.release) return refuseStream(leg, 'call already streaming', { callSid: sid, streamSid: m.streamSid });
  }
  beginLeg(leg, m, sid);
}

/**
 * The token is good: the store admits the stream (the call is waiting for its AI leg and no other
 * stream, on any worker, took it) and records its start in the same step. The engine opens only
 * then, so no caller audio reaches OpenAI before; frames meanwhile are held (up to a second,
 * twilio-in.ts) and sent on once it opens.
 */
function beginLeg(leg: Leg, m: StartMessage, callSid: string): void {
  const { deps } = leg;
  const streamSid = m.streamSid;
  leg.streamSid = streamSid;
  leg.callSid = callSid;
  const l = m.customParameters.lang;
  if (isLang(l)) leg.lang = l;
  const lang = leg.lang;
  const log = (leg.log = deps.logger.child({ callSid, streamSid }));
  const admission = deps.store.admitAiLeg({ callSid, streamSid, at: leg.clock(), lang }).catch((err: Error) => {
    // A database that cannot answer does not cost a caller the AI: the token already binds the
    // stream to its call. The leg then has no row (its end is logged, not stored).
    log.warn({ err: err.message }, 'ai leg not stored');
    return null;
  });
  leg.early = [];
  leg.legStarted = admission;
  void admission.then((refused) => {
    const early = leg.early ?? [];
    leg.early = null;
    if (refused) {
      leg.admitted = false;
      leg.release?.();
      leg.release = null;
      if (!leg.ended) refuseStream(leg, refused, { callSid, streamSid });
      return;
    }
    if (leg.ended) return;
    openEngine(leg, m);
    for (const payload of early) leg.engine?.appendAudio(payload);
  });
}

function openEngine(leg: Leg, m: StartMessage): void {
  const { deps, timers } = leg;
  if (leg.refuse) return leg.end(leg.refuse);
  if (!deps.engine.configured) return leg.end('engine_not_configured');
  leg.engine = deps.engine.open({ callSid: leg.callSid, lang: leg.lang, order: m.customParameters.order || null, tools: { transferToStaff: deps.staffEnabled === true }, onEvent: (ev) => onEngine(leg, ev) });
  leg.capTimer = timers.setTimeout(() => leg.end('max_call_seconds'), deps.maxCallSeconds * 1000);
}
