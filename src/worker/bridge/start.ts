// Twilio's `start`: admission (one start per stream, the per-call token, one live stream per
// call, the worker's cap), then the leg's row and the engine session.
// https://www.twilio.com/docs/voice/media-streams/websocket-messages#start-message
import { isLang } from '../../domain/index.ts';
import type { parseTwilioMessage } from '../twilio/codec.ts';
import { refuseStream } from './end-of-leg.ts';
import { onEngine } from './engine-in.ts';
import { record, type Leg } from './leg.ts';

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

/** The stream is admitted: its row, its engine session, its cap. */
function beginLeg(leg: Leg, m: StartMessage, callSid: string): void {
  const { deps, timers } = leg;
  const streamSid = m.streamSid;
  leg.streamSid = streamSid;
  leg.callSid = callSid;
  const l = m.customParameters.lang;
  if (isLang(l)) leg.lang = l;
  const lang = leg.lang;
  const log = (leg.log = deps.logger.child({ callSid, streamSid }));
  const at = leg.clock();
  record(leg, deps.store.addCallEvent(callSid, { key: `ai:started:${streamSid}`, kind: 'ai', step: 'started', detail: { lang }, at }));
  leg.legStarted = deps.store.startAiLeg({ callSid, streamSid, at }).catch((err: Error) => log.warn({ err: err.message }, 'ai leg not stored'));
  if (leg.refuse) return leg.end(leg.refuse);
  if (!deps.engine.configured) return leg.end('engine_not_configured');
  leg.engine = deps.engine.open({ callSid, lang, order: m.customParameters.order || null, tools: { transferToStaff: deps.staffEnabled === true }, onEvent: (ev) => onEngine(leg, ev) });
  leg.capTimer = timers.setTimeout(() => leg.end('max_call_seconds'), deps.maxCallSeconds * 1000);
}
