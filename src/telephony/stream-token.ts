// The per-call token of a media stream (issue 11, point 5): Twilio signs the stream's upgrade over
// PUBLIC_MEDIA_URL alone, the same for every call, so one captured header would open streams
// forever. The edge puts this token in the stream's <Parameter name="token"> (Twilio passes it on
// in `start.customParameters`, https://www.twilio.com/docs/voice/twiml/stream#custom-parameters);
// the worker refuses a `start` whose token is missing, forged, for another call or expired.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long after the TwiML the stream may start: Twilio connects within a second or two. */
export const STREAM_TOKEN_TTL_S = 120;

const mac = (authToken: string, callSid: string, expires: number) =>
  createHmac('sha256', authToken).update(`liza-media-stream\n${callSid}\n${expires}`).digest('base64url');

/** `<expiry unix seconds>.<HMAC-SHA256 over the CallSid and the expiry, keyed with the auth token>`. */
export function createStreamToken(authToken: string, callSid: string, now: Date, ttlS = STREAM_TOKEN_TTL_S): string {
  const expires = Math.floor(now.getTime() / 1000) + ttlS;
  return `${expires}.${mac(authToken, callSid, expires)}`;
}

export type StreamTokenCheck = 'ok' | 'missing' | 'malformed' | 'wrong' | 'expired';

export function checkStreamToken(authToken: string, callSid: string, token: string | undefined, now: Date): StreamTokenCheck {
  if (!token) return 'missing';
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return 'malformed';
  const expires = Number(m[1]);
  const want = Buffer.from(mac(authToken, callSid, expires));
  const got = Buffer.from(m[2]!);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return 'wrong';
  return expires * 1000 < now.getTime() ? 'expired' : 'ok';
}
