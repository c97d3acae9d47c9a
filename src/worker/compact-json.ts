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

/**
 * quickStringField on the message's bytes, for a value that should not become a string (an
 * audio payload) or only when it differs from the last one: where the value of the key whose
 * `"key":"` bytes are given lies in `data`, [start, end), when it contains no escapes; else null.
 */
export function quickFieldSpan(data: Buffer, key: Uint8Array): [number, number] | null {
  const k = data.indexOf(key);
  if (k < 0) return null;
  const start = k + key.length;
  const end = data.indexOf(0x22, start);
  if (end < 0) return null;
  const esc = data.indexOf(0x5c, start);
  return esc >= 0 && esc < end ? null : [start, end];
}
