// Pure: no runtime imports.

/**
 * Whether `s` is canonical base64 (RFC 4648 §4: A–Z a–z 0–9 + /, length a multiple of 4, at most
 * two `=` at the end). The payload is pasted into the JSON sent to OpenAI without escaping, so
 * anything else (a quote, a backslash, a brace) must never get that far: issue 11 saw a crafted
 * payload inject a `session.update`. A loop over char codes: this runs for every 20 ms frame.
 */
export function isBase64(s: string): boolean {
  const n = s.length;
  if (n % 4 !== 0) return false;
  let end = n;
  if (n > 0 && s.charCodeAt(n - 1) === 61) end = s.charCodeAt(n - 2) === 61 ? n - 2 : n - 1;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    // A-Z, a-z, 0-9, '+', '/'
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47)) return false;
  }
  return true;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENC = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));

/** Length of the base64 text (RFC 4648 §4, padded) of `n` bytes. */
export const base64Length = (n: number): number => Math.ceil(n / 3) * 4;

/**
 * Writes the base64 text (RFC 4648 §4, padded) of `src[0, n)` into `dst` from `at`, as ASCII
 * bytes; returns where it ends. Bytes to bytes, so a message carrying audio can be built without
 * an intermediate string on the JS heap (Buffer's toString('base64') makes one per call).
 */
export function encodeBase64Into(src: Uint8Array, n: number, dst: Uint8Array, at: number): number {
  let o = at;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (src[i]! << 16) | (src[i + 1]! << 8) | src[i + 2]!;
    dst[o++] = ENC[v >> 18]!;
    dst[o++] = ENC[(v >> 12) & 63]!;
    dst[o++] = ENC[(v >> 6) & 63]!;
    dst[o++] = ENC[v & 63]!;
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (src[i]! << 16) | (two ? src[i + 1]! << 8 : 0);
    dst[o++] = ENC[v >> 18]!;
    dst[o++] = ENC[(v >> 12) & 63]!;
    dst[o++] = two ? ENC[(v >> 6) & 63]! : 61;
    dst[o++] = 61;
  }
  return o;
}
