/**
 * The string value of `"key":"…"` in compact JSON (as Twilio and OpenAI send it), searched from
 * `from`, when it contains no escapes; else null. The hot paths of both wire codecs use it to read
 * a few short fields without JSON.parse walking a large base64 payload. Pure: no runtime imports.
 */
export function quickStringField(text: string, key: string, from = 0): string | null {
  const k = text.indexOf(`"${key}":"`, from);
  if (k < 0) return null;
  const start = k + key.length + 4;
  const end = text.indexOf('"', start);
  if (end < 0) return null;
  const v = text.slice(start, end);
  return v.includes('\\') ? null : v;
}
