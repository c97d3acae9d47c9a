import { XMLParser } from 'fast-xml-parser';

/** A TwiML verb as the simulator executes it. */
export type SimVerb =
  | { kind: 'say'; text: string; lang: string | null; voice: string | null }
  | { kind: 'gather'; action: string | null; numDigits: number | null; finishOnKey: string; timeout: number; says: Array<Extract<SimVerb, { kind: 'say' }>> }
  | { kind: 'redirect'; url: string }
  | { kind: 'hangup' }
  | { kind: 'connect'; action: string | null; streamUrl: string; params: Record<string, string> }
  | { kind: 'dial'; action: string | null; number: string }
  | { kind: 'record'; action: string | null; statusCallback: string | null; finishOnKey: string; maxLength: number }
  | { kind: 'pause'; length: number }
  | { kind: 'unknown'; name: string };

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
});

const nameOf = (n: Node) => Object.keys(n).find((k) => k !== ':@')!;
const childrenOf = (n: Node) => (n[nameOf(n)] as Node[]) ?? [];
const attrs = (n: Node) => n[':@'] ?? {};

/** Text of a <Say>, with `<say-as interpret-as="digits">` spoken digit by digit (as Twilio's TTS does). */
function sayText(n: Node): string {
  return childrenOf(n)
    .map((c) => {
      const name = nameOf(c);
      if (name === '#text') return String(c['#text']);
      const inner = sayText(c);
      return name === 'say-as' && attrs(c)['interpret-as'] === 'digits' ? inner.split('').join(' ') : inner;
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function toVerb(n: Node): SimVerb | null {
  const name = nameOf(n);
  const a = attrs(n);
  switch (name) {
    case '#text':
      return null;
    case 'Say':
      return { kind: 'say', text: sayText(n), lang: a.language ?? null, voice: a.voice ?? null };
    case 'Gather':
      return {
        kind: 'gather',
        action: a.action ?? null,
        numDigits: a.numDigits ? Number(a.numDigits) : null,
        // Twilio's default finishOnKey is '#'; an explicit "" turns it off.
        finishOnKey: a.finishOnKey ?? '#',
        timeout: a.timeout ? Number(a.timeout) : 5,
        says: childrenOf(n).map(toVerb).filter((v): v is Extract<SimVerb, { kind: 'say' }> => v?.kind === 'say'),
      };
    case 'Redirect':
      return { kind: 'redirect', url: sayText(n) };
    case 'Hangup':
      return { kind: 'hangup' };
    case 'Pause':
      return { kind: 'pause', length: Number(a.length ?? 1) };
    case 'Connect': {
      const stream = childrenOf(n).find((c) => nameOf(c) === 'Stream');
      const params: Record<string, string> = {};
      for (const p of stream ? childrenOf(stream) : []) {
        if (nameOf(p) === 'Parameter') params[attrs(p).name ?? ''] = attrs(p).value ?? '';
      }
      return { kind: 'connect', action: a.action ?? null, streamUrl: stream ? attrs(stream).url ?? '' : '', params };
    }
    case 'Dial':
      return { kind: 'dial', action: a.action ?? null, number: sayText(n) };
    case 'Record':
      return {
        kind: 'record',
        action: a.action ?? null,
        statusCallback: a.recordingStatusCallback ?? null,
        finishOnKey: a.finishOnKey ?? '1234567890*#',
        maxLength: Number(a.maxLength ?? 3600),
      };
    default:
      return { kind: 'unknown', name };
  }
}

/** Parses a TwiML document into verbs; throws when it is not a `<Response>` document. */
export function parseTwiml(xml: string): SimVerb[] {
  const doc = parser.parse(xml) as Node[];
  const response = doc.find((n) => nameOf(n) === 'Response');
  if (!response) throw new Error(`not a TwiML <Response> document: ${xml.slice(0, 120)}`);
  return childrenOf(response).map(toVerb).filter((v): v is SimVerb => v !== null);
}
