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
