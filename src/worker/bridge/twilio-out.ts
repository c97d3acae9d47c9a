// The engine → Twilio audio path: playback effects become Twilio frames (media, mark, clear) and
// engine requests (truncate, cancel), written corked so one read's frames leave in one writev.
import { formatClear, formatMark, mediaFrame, mediaFrameHead } from '../twilio/codec.ts';
import type { Leg } from './leg.ts';
import { BYTES_PER_MS, playbackStep, type PlaybackEffect, type PlaybackInput } from './playback.ts';

/**
 * What one Twilio socket may hold unsent (ws `bufferedAmount`, on top of the kernel's buffers):
 * 8 s of assistant audio as media frames (base64 µ-law, 8000 bytes/s, plus JSON framing). Twilio
 * reads as fast as we send; a socket that stops reading would otherwise make us keep every frame
 * of the answer (issue 11: 150 MB in, +285 MB of memory). Past it the leg ends as `twilio_slow`.
 */
export const MAX_TWILIO_BUFFERED_BYTES = Math.ceil(((8 * 8000 * 4) / 3) * 1.1);

/** ws sends a Buffer as a binary frame unless told otherwise; Twilio's messages are text. */
const TEXT = { binary: false };

/** A text frame to Twilio (a string, or its UTF-8 bytes). */
export function sendTwilio(leg: Leg, s: string | Buffer): void {
  const twilio = leg.twilio;
  if (twilio.readyState !== 1 || leg.slow) return;
  twilio.send(s, TEXT);
  if (twilio.bufferedAmount > MAX_TWILIO_BUFFERED_BYTES) {
    leg.slow = true;
    leg.log.warn({ bufferedBytes: twilio.bufferedAmount }, 'twilio media socket stopped reading: ending the leg');
    leg.end('twilio_slow');
  }
}

/** Steps the playback reducer and carries out its effects. */
export function applyPlayback(leg: Leg, input: PlaybackInput): void {
  const r = playbackStep(leg.playback, input);
  const before = leg.playback;
  leg.playback = r.state;
  if (r.effects.length === 0) return;
  // Each WebSocket send is otherwise its own write(2); these syscalls were the largest cost in
  // the bridge's CPU profile. Corked until the current tick ends, a delta's media and mark
  // frames (and every other delta that arrived in the same read) leave in one writev.
  if (leg.socket && !leg.corked) {
    leg.corked = true;
    leg.socket.cork();
    process.nextTick(uncork, leg);
  }
  for (const e of r.effects) {
    if (e.type === 'engine_truncate') {
      const sent = before.items.find((i) => i.id === e.itemId)?.sent ?? 0;
      leg.cutItems.set(e.itemId, { played: e.audioEndMs * BYTES_PER_MS, sent });
    }
    effect(leg, e);
  }
}

function uncork(leg: Leg) {
  leg.corked = false;
  leg.socket?.uncork();
}

function effect(leg: Leg, e: PlaybackEffect) {
  switch (e.type) {
    case 'twilio_media': return sendTwilio(leg, mediaFrame((leg.mediaHead ??= mediaFrameHead(leg.streamSid)), e.payload));
    case 'twilio_mark': return sendTwilio(leg, formatMark(leg.streamSid, e.name));
    case 'twilio_clear': return sendTwilio(leg, formatClear(leg.streamSid));
    case 'engine_truncate': return leg.engine?.truncate(e.itemId, e.audioEndMs);
    case 'engine_cancel': return leg.engine?.cancelResponse(e.responseId);
  }
}
