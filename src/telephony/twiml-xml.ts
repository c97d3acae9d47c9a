// The XML pieces of a TwiML document, escaped exactly as the twilio package's builder (xmlbuilder
// 13, which twilio's TwiML class configures) escapes them, so the string renderer in twiml.ts
// answers byte for byte what the builder did (test/telephony/twiml-renderer.test.ts proves it
// against the builder over every verb and attribute Liza emits).
// Why not the builder: it builds an object tree per answer and costs ~20 µs per webhook (issue 14).
// https://www.twilio.com/docs/voice/twiml

const TEXT_SPECIAL = /[&<>\r]/;
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTR_SPECIAL = /[&<"\t\n\r]/;
const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };
/**
 * Characters XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets): the builder refuses text
 * containing one (it throws, so the webhook answers with its apology); attribute values it does
 * not check (twilio's own attValue skips the check), and neither does attr() here.
 */
const ILLEGAL = /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Element text: `& < > CR` escaped; an illegal character throws, as the builder does. */
export function text(s: string): string {
  const out = TEXT_SPECIAL.test(s) ? s.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!) : s;
  const bad = ILLEGAL.exec(out);
  if (bad) throw new Error(`Invalid character in string: ${out} at index ${bad.index}`);
  return out;
}

/** An attribute value: `& < " TAB LF CR` escaped (`>` stays, as in the builder). */
export function attr(s: string): string {
  return ATTR_SPECIAL.test(s) ? s.replace(/[&<"\t\n\r]/g, (c) => ATTR_ESCAPES[c]!) : s;
}

export type Attrs = ReadonlyArray<readonly [name: string, value: string | number | boolean]>;

/** The open tag's name and attributes, in order: `<Name a="1" b="2"` (no closing bracket). */
function open(name: string, attrs: Attrs): string {
  let s = '<' + name;
  for (const [k, v] of attrs) s += ' ' + k + '="' + attr(String(v)) + '"';
  return s;
}

/**
 * An element around already rendered content. Empty content closes the tag itself (`<Hangup/>`),
 * as the builder does for an element without children or with only empty text.
 */
export function element(name: string, attrs: Attrs, content: string): string {
  return content === '' ? open(name, attrs) + '/>' : open(name, attrs) + '>' + content + '</' + name + '>';
}

/** The declaration and the `<Response>` root, as twilio's VoiceResponse writes them. */
export function document(content: string): string {
  return '<?xml version="1.0" encoding="UTF-8"?>' + element('Response', [], content);
}
