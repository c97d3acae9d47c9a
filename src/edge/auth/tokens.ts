import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh cookie value (256 random bits). */
export const newSessionToken = () => randomBytes(32).toString('base64url');

/** SHA-256 in hex: enough for tokens of 256 random bits, which no one can guess their way through. */
export const sha256Hex = (token: string) => createHash('sha256').update(token).digest('hex');

/** What the store keeps instead of the cookie value, so a copy of the database opens no session. */
export const sessionIdHash = sha256Hex;

export const newCsrfToken = () => randomBytes(24).toString('base64url');

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Whether a submitted token equals the expected one, in constant time: both are hashed first, so
 * node:crypto's timingSafeEqual (Node and Deno) compares equal lengths and even the length of the
 * expected token does not show.
 */
export function sameToken(a: string | undefined, b: string): boolean {
  if (!a || !b) return false;
  return timingSafeEqual(digest(a), digest(b));
}
