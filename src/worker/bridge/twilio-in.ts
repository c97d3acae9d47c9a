// The Twilio → engine path: every text frame of the media stream (as the bytes ws received). Media frames (50 a second per
// call) go straight to the engine; marks, keys, start and stop to their handlers.
// https://www.twilio.com/docs/voice/media-streams/websocket-messages#websocket-messages-from-twilio
import { findMediaPayload, mediaPayloadText, parseTwilioMessage, type Span } from '../twilio/codec.ts';
import { onKey } from './dtmf.ts';
import type { Leg } from './leg.ts';
import { reportTurn } from './leg.ts';
import { settle } from './silence.ts';
import { onStart } from './start.ts';
import { releaseTranscripts } from './transcripts.ts';
import { applyPlayback } from './twilio-out.ts';

const span: Span = { start: 0, end: 0 };

export function onTwilioMessage(leg: Leg, data: Buffer): void {
  if (findMediaPayload(data, span)) {
    // Straight from the frame's bytes into the engine's batch when it takes them (no string of the
    // payload); else as a string, if it is base64; anything else goes the way below, which checks
    // and handles every case.
    if (leg.engine?.appendAudioBytes?.(data, span.start, span.end)) return;
    const payload = mediaPayloadText(data, span);
    if (payload !== null) return toEngine(leg, payload);
  }
  const m = parseTwilioMessage(data.toString());
  switch (m.type) {
    case 'media':
      return toEngine(leg, m.payload);
    case 'mark':
      return onMark(leg, m.name);
    case 'dtmf':
      return onKey(leg, m.digit);
    case 'start':
      return onStart(leg, m);
    case 'unknown':
      // A media frame that is not base64 is dropped (never forwarded); told once per stream.
      if (m.event === 'media' && leg.badPayloads++ === 0) leg.log.warn({ reason: m.reason }, 'media frame dropped');
      return;
    case 'stop':
      return leg.end('hangup');
    default:
      return;
  }
}

/** Caller audio while the store admits the stream is held (a bounded second), then sent on. */
export const EARLY_FRAMES = 50;

function toEngine(leg: Leg, payload: string): void {
  if (leg.engine) return leg.engine.appendAudio(payload);
  if (leg.early && leg.early.length < EARLY_FRAMES) leg.early.push(payload);
}

/** Twilio played the audio up to this mark. */
function onMark(leg: Leg, name: string) {
  applyPlayback(leg, { type: 'mark', name });
  const turnMark = leg.turnMark;
  if (turnMark && turnMark.name === name) {
    turnMark.turn.playedMs = performance.now() - turnMark.stop;
    reportTurn(leg);
  }
  if (leg.heldTranscripts.size > 0) releaseTranscripts(leg);
  if (leg.playback.marks.length === 0) settle(leg);
}
