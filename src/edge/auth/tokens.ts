import { createHash, randomBytes } from 'node:crypto';

/** A fresh cookie value (256 random bits). */
export const newSessionToken = () => randomBytes(32).toString('base64url');

/** SHA-256 in hex: enough for tokens of 256 random bits, which no one can guess their way through. */
export const sha256Hex = (token: string) => createHash('sha256').update(token).digest('hex');

/** What the store keeps instead of the cookie value, so a copy of the database opens no session. */
export const sessionIdHash = sha256Hex;

export const newCsrfToken = () => randomBytes(24).toString('base64url');

/** Constant-time string comparison for tokens of the same alphabet. */
export function sameToken(a: string | undefined, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
