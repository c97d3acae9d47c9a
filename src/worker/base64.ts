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

/** Each byte's base64 digit, or -1: not in RFC 4648 §4's alphabet. */
const DEC = new Int8Array(256).fill(-1);
for (let i = 0; i < 64; i++) DEC[ENC[i]!] = i;

/**
 * Decodes the base64 text held as ASCII bytes in `src[start, end)` into `dst` from `at`; returns
 * the bytes written, or -1 (nothing written that counts) when the text is not canonical base64 by
 * isBase64's rule. Bytes to bytes: a Twilio media frame's audio goes from the frame into the
 * engine's batch without a string of the payload, checked in the same pass that decodes it.
 */
export function decodeBase64Into(src: Uint8Array, start: number, end: number, dst: Uint8Array, at: number): number {
  const n = end - start;
  if (n % 4 !== 0) return -1;
  if (n === 0) return 0;
  const pad = src[end - 1] === 61 ? (src[end - 2] === 61 ? 2 : 1) : 0;
  const full = end - (pad ? 4 : 0);
  let o = at;
  let i = start;
  for (; i < full; i += 4) {
    const a = DEC[src[i]!]!, b = DEC[src[i + 1]!]!, c = DEC[src[i + 2]!]!, d = DEC[src[i + 3]!]!;
    if ((a | b | c | d) < 0) return -1;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    dst[o++] = v >> 16;
    dst[o++] = (v >> 8) & 255;
    dst[o++] = v & 255;
  }
  if (pad) {
    const a = DEC[src[i]!]!, b = DEC[src[i + 1]!]!, c = pad === 1 ? DEC[src[i + 2]!]! : 0;
    if ((a | b | c) < 0) return -1;
    const v = (a << 18) | (b << 12) | (c << 6);
    dst[o++] = v >> 16;
    if (pad === 1) dst[o++] = (v >> 8) & 255;
  }
  return o - at;
}
