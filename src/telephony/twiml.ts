// The TwiML codec: a small document model of the voice verbs Liza uses, rendered as a string. It
// knows nothing of the IVR: src/ivr/render-twiml.ts maps the flow's verbs onto it. The output is
// byte-equal to twilio's VoiceResponse builder, which rendered it before (escaping in
// twiml-xml.ts; test/telephony/twiml-renderer.test.ts compares the two over every verb).
// Pure code: no runtime imports beyond the escaping.
import { document, element, text, type Attrs } from './twiml-xml.ts';

/** One piece of a `<Say>`: plain text, or digits read one by one. */
export type SayPart = { text: string } | { digits: string };

export interface Say {
  /** BCP-47 locale, e.g. `de-DE`; must match the voice. */
  language: string;
  voice: string;
  parts: SayPart[];
}

/** A TwiML voice verb. Field names follow Twilio's attribute names. */
export type TwimlVerb =
  | { verb: 'say'; say: Say }
  | { verb: 'gather'; action: string; timeout: number; finishOnKey: string; numDigits?: number; says: Say[] }
  | { verb: 'redirect'; url: string }
  | { verb: 'hangup' }
  | { verb: 'connect_stream'; action: string; url: string; parameters: Array<{ name: string; value: string }> }
  | { verb: 'dial'; action: string; timeout: number; number: string }
  | { verb: 'record'; action: string; maxLength: number; finishOnKey: string; recordingStatusCallback: string };

/** https://www.twilio.com/docs/voice/twiml/say */
function say(s: Say): string {
  let content = '';
  for (const p of s.parts) {
    // https://www.twilio.com/docs/voice/twiml/say/text-speech#ssml-say-as : read digit by digit.
    content += 'digits' in p ? element('say-as', [['interpret-as', 'digits']], text(p.digits)) : text(p.text);
  }
  return element('Say', [['language', s.language], ['voice', s.voice]], content);
}

function verb(v: TwimlVerb): string {
  switch (v.verb) {
    case 'say':
      return say(v.say);
    case 'gather': {
      // https://www.twilio.com/docs/voice/twiml/gather
      const attrs: Attrs = [['input', 'dtmf'], ['action', v.action], ['method', 'POST'], ['timeout', v.timeout], ['finishOnKey', v.finishOnKey], ...(v.numDigits ? [['numDigits', v.numDigits] as const] : [])];
      // Several <Say>s may nest in one <Gather>: each may have its own language and voice.
      return element('Gather', attrs, v.says.map(say).join(''));
    }
    case 'redirect':
      // https://www.twilio.com/docs/voice/twiml/redirect
      return element('Redirect', [['method', 'POST']], text(v.url));
    case 'hangup':
      // https://www.twilio.com/docs/voice/twiml/hangup
      return '<Hangup/>';
    case 'connect_stream': {
      // https://www.twilio.com/docs/voice/twiml/stream : a bidirectional stream; Twilio requests
      // the <Connect action> when the stream ends.
      const parameters = v.parameters.map((p) => element('Parameter', [['name', p.name], ['value', p.value]], '')).join('');
      return element('Connect', [['action', v.action], ['method', 'POST']], element('Stream', [['url', v.url]], parameters));
    }
    case 'dial':
      // https://www.twilio.com/docs/voice/twiml/dial : the action gets DialCallStatus afterwards.
      return element('Dial', [['action', v.action], ['method', 'POST'], ['timeout', v.timeout]], text(v.number));
    case 'record':
      // https://www.twilio.com/docs/voice/twiml/record
      return element('Record', [
        ['action', v.action], ['method', 'POST'], ['maxLength', v.maxLength], ['finishOnKey', v.finishOnKey], ['playBeep', true],
        ['recordingStatusCallback', v.recordingStatusCallback], ['recordingStatusCallbackMethod', 'POST'],
      ], '');
  }
}

/**
 * Renders verbs as a TwiML `<Response>` document.
 * https://www.twilio.com/docs/voice/twiml
 */
export function renderTwiml(verbs: TwimlVerb[]): string {
  let content = '';
  for (const v of verbs) content += verb(v);
  return document(content);
}

/** An empty `<Response/>`, for callbacks whose answer Twilio ignores. https://www.twilio.com/docs/voice/twiml */
export function renderEmpty(): string {
  return document('');
}
