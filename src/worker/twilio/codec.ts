import type { MediaFormat, TwilioInbound } from './messages.ts';
import { quickStringField } from '../compact-json.ts';
import { isBase64 } from '../base64.ts';

// Hand-written rather than a schema library: this runs 50 times a second per call, and the media
// message (nearly all traffic) is answered by a few indexOf calls without building the object tree.

const MEDIA_PREFIX = '{"event":"media",';
const MARK_PREFIX = '{"event":"mark",';

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
/** Twilio sends numbers as strings ("sequenceNumber": "2", "timestamp": "5"). */
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
const obj = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

const MEDIA_PREFIX_BYTES = Buffer.from(MEDIA_PREFIX);
const PAYLOAD_KEY = '"payload":"';

/** Where a media frame's payload lies in its bytes (findMediaPayload sets it). */
export interface Span {
  start: number;
  end: number;
}

/**
 * Finds the payload of a media message in the frame's bytes (not checked as base64 here), or
 * returns false for anything else: the bridge's hot path needs nothing more from the 50 frames a
 * second of each call, so nothing is allocated, not even the frame as a string.
 * https://www.twilio.com/docs/voice/media-streams/websocket-messages#media-message
 */
export function findMediaPayload(data: Buffer, span: Span): boolean {
  const n = MEDIA_PREFIX_BYTES.length;
  if (data.length <= n || data[data.length - 1] !== 0x7d || data.compare(MEDIA_PREFIX_BYTES, 0, n, 0, n) !== 0) return false;
  const m = data.indexOf('"media":{', n);
  const k = m < 0 ? -1 : data.indexOf(PAYLOAD_KEY, m);
  if (k < 0) return false;
  const start = k + PAYLOAD_KEY.length;
  const end = data.indexOf(0x22, start);
  if (end < 0) return false;
  span.start = start;
  span.end = end;
  return true;
}

/**
 * The payload findMediaPayload found, as a string (decoded as latin1: a non-ASCII byte in it fails
 * the base64 check like any other stray character), or null when it is not base64.
 */
export function mediaPayloadText(data: Buffer, span: Span): string | null {
  const payload = data.toString('latin1', span.start, span.end);
  return isBase64(payload) ? payload : null;
}

function quickMedia(text: string): TwilioInbound | null {
  // Twilio's compact serialisation puts "event" first. Only when every field is found plainly do we
  // skip JSON.parse; anything unusual falls through to the full parser below.
  const m = text.indexOf('"media":{');
  if (m < 0) return null;
  const payload = quickStringField(text, 'payload', m);
  // Twilio puts streamSid last: look for it from the end rather than across the payload.
  const streamSid = quickStringField(text, 'streamSid', Math.max(0, text.lastIndexOf('"streamSid":"')));
  if (payload === null || streamSid === null || !text.endsWith('}') || !isBase64(payload)) return null;
  return {
    type: 'media',
    streamSid,
    track: quickStringField(text, 'track', m) ?? 'inbound',
    chunk: num(quickStringField(text, 'chunk', m)),
    timestamp: num(quickStringField(text, 'timestamp', m)),
    payload,
  };
}

/**
 * One text frame from Twilio → a typed message; never throws.
 * https://www.twilio.com/docs/voice/media-streams/websocket-messages#websocket-messages-from-twilio
 */
export function parseTwilioMessage(text: string): TwilioInbound {
  if (text.startsWith(MEDIA_PREFIX)) {
    const quick = quickMedia(text);
    if (quick) return quick;
  } else if (text.startsWith(MARK_PREFIX) && text.endsWith('}')) {
    // Mark echoes are the second most frequent message (one per assistant delta).
    const m = text.indexOf('"mark":{');
    const name = m < 0 ? null : quickStringField(text, 'name', m);
    const streamSid = quickStringField(text, 'streamSid');
    if (name !== null && streamSid !== null) return { type: 'mark', streamSid, name };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { type: 'unknown', event: null, reason: 'not JSON' };
  }
  const m = obj(raw);
  if (!m) return { type: 'unknown', event: null, reason: 'not an object' };
  const event = typeof m.event === 'string' ? m.event : null;
  const streamSid = str(m.streamSid);
  switch (event) {
    case 'connected':
      return { type: 'connected', protocol: str(m.protocol), version: str(m.version) };
    case 'start': {
      const s = obj(m.start);
      if (!s) return { type: 'unknown', event, reason: 'start without start object' };
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(obj(s.customParameters) ?? {})) params[k] = str(v);
      const f = obj(s.mediaFormat);
      const mediaFormat: MediaFormat | null = f ? { encoding: str(f.encoding), sampleRate: num(f.sampleRate) ?? 0, channels: num(f.channels) ?? 0 } : null;
      return {
        type: 'start',
        sequenceNumber: num(m.sequenceNumber),
        streamSid: streamSid || str(s.streamSid),
        callSid: str(s.callSid),
        accountSid: str(s.accountSid),
        tracks: Array.isArray(s.tracks) ? s.tracks.map(str) : [],
        customParameters: params,
        mediaFormat,
      };
    }
    case 'media': {
      const md = obj(m.media);
      if (!md || typeof md.payload !== 'string') return { type: 'unknown', event, reason: 'media without payload' };
      if (!isBase64(md.payload)) return { type: 'unknown', event, reason: 'media payload not base64' };
      return { type: 'media', streamSid, track: str(md.track) || 'inbound', chunk: num(md.chunk), timestamp: num(md.timestamp), payload: md.payload };
    }
    case 'dtmf': {
      const d = obj(m.dtmf);
      if (!d || typeof d.digit !== 'string') return { type: 'unknown', event, reason: 'dtmf without digit' };
      return { type: 'dtmf', streamSid, track: str(d.track), digit: d.digit };
    }
    case 'mark': {
      const mk = obj(m.mark);
      if (!mk || typeof mk.name !== 'string') return { type: 'unknown', event, reason: 'mark without name' };
      return { type: 'mark', streamSid, name: mk.name };
    }
    case 'stop': {
      const st = obj(m.stop) ?? {};
      return { type: 'stop', streamSid, callSid: str(st.callSid), accountSid: str(st.accountSid) };
    }
    default:
      return { type: 'unknown', event, reason: 'unsupported event' };
  }
}

// Outbound frames are built by concatenation: streamSid and mark names are ours or Twilio's
// plain identifiers, and the base64 payload needs no escaping, so JSON.stringify is not needed.
// The guard keeps that true for anything that is not a plain identifier.
const safe = (s: string) => (/^[\w.:-]*$/.test(s) ? s : JSON.stringify(s).slice(1, -1));

/**
 * Audio for Twilio to play: base64 µ-law 8 kHz, passed through untouched, as the frame's bytes
 * from its head (mediaFrameHead, once per stream) and the payload; sent as a text frame. Bytes,
 * not a string: ws sends a string by first measuring it, which flattens a concatenation into one
 * more copy on the JS heap per frame; at 10 frames a second per call that copy set how often V8
 * scavenged, and so how much short-lived data lived long enough to be promoted.
 * https://www.twilio.com/docs/voice/media-streams/websocket-messages#send-a-media-message
 */
export function mediaFrame(head: Buffer, payload: string | Uint8Array): Buffer {
  const n = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  const b = Buffer.allocUnsafe(head.length + n + 3);
  head.copy(b, 0);
  if (typeof payload === 'string') b.write(payload, head.length);
  else b.set(payload, head.length);
  b[b.length - 3] = 0x22; // "
  b[b.length - 2] = 0x7d; // }
  b[b.length - 1] = 0x7d; // }
  return b;
}

/**
 * Everything of a media frame to Twilio before the payload. In its own memory (allocUnsafeSlow), not
 * a slice of Buffer's shared 8 KiB pool: kept for the whole stream, a slice would pin its slab.
 */
export function mediaFrameHead(streamSid: string): Buffer {
  const s = '{"event":"media","streamSid":"' + safe(streamSid) + '","media":{"payload":"';
  const b = Buffer.allocUnsafeSlow(Buffer.byteLength(s));
  b.write(s);
  return b;
}

/**
 * A named mark: Twilio echoes it once the audio sent before it has played.
 * https://www.twilio.com/docs/voice/media-streams/websocket-messages#send-a-mark-message
 */
export function formatMark(streamSid: string, name: string): string {
  return '{"event":"mark","streamSid":"' + safe(streamSid) + '","mark":{"name":"' + safe(name) + '"}}';
}

/**
 * Drops audio Twilio has queued but not played (barge-in); pending marks are echoed back.
 * https://www.twilio.com/docs/voice/media-streams/websocket-messages#send-a-clear-message
 */
export function formatClear(streamSid: string): string {
  return '{"event":"clear","streamSid":"' + safe(streamSid) + '"}';
}

/** Bytes of audio in a base64 text (a string or its ASCII bytes), without decoding it. */
export function base64ByteLength(b64: string | Uint8Array): number {
  const n = b64.length;
  if (n === 0) return 0;
  const at = (i: number) => (typeof b64 === 'string' ? b64.charCodeAt(i) : b64[i]!);
  const pad = at(n - 1) === 61 ? (at(n - 2) === 61 ? 2 : 1) : 0;
  return Math.floor((n * 3) / 4) - pad;
}
