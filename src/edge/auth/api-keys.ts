import { randomBytes } from 'node:crypto';
import { sha256Hex } from './tokens.ts';

/** Recognisable in a config file or a leaked log (secret scanners match such prefixes). */
const KEY_PREFIX = 'liza_';
/** Characters of a key kept in the clear, so admins can tell keys apart. */
const SHOWN = KEY_PREFIX.length + 6;

/** A new API key (256 random bits), what is shown of it, and what is stored: its SHA-256. */
export function newApiKey(): { key: string; prefix: string; keyHash: string } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, prefix: key.slice(0, SHOWN), keyHash: sha256Hex(key) };
}

/** The stored form of a key a request presents. */
export const apiKeyHash = (key: string) => sha256Hex(key);
