// The TwiML codec: a small document model of the voice verbs Liza uses, rendered with the twilio
// package's builder (it escapes text and attributes correctly). It knows nothing of the IVR:
// src/ivr/render-twiml.ts maps the flow's verbs onto it.
// Imported by sub-path so the edge does not load twilio's whole REST client at start.
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';

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

type SayParent = { say(attrs: VoiceResponse.SayAttributes, message: string): VoiceResponse.Say };

function addSay(into: SayParent, s: Say): void {
  const say = into.say({ language: s.language, voice: s.voice } as VoiceResponse.SayAttributes, '');
  for (const p of s.parts) {
    // https://www.twilio.com/docs/voice/twiml/say/text-speech#ssml-say-as : read digit by digit.
    if ('digits' in p) say.sayAs({ 'interpret-as': 'digits' } as VoiceResponse.SsmlSayAsAttributes, p.digits);
    else say.addText(p.text);
  }
}

/**
 * Renders verbs as a TwiML `<Response>` document.
 * https://www.twilio.com/docs/voice/twiml
 */
export function renderTwiml(verbs: TwimlVerb[]): string {
  const r = new VoiceResponse();
  for (const v of verbs) {
    switch (v.verb) {
      case 'say':
        // https://www.twilio.com/docs/voice/twiml/say
        addSay(r, v.say);
        break;
      case 'gather': {
        // https://www.twilio.com/docs/voice/twiml/gather
        const g = r.gather({
          input: ['dtmf'],
          action: v.action,
          method: 'POST',
          timeout: v.timeout,
          finishOnKey: v.finishOnKey,
          ...(v.numDigits ? { numDigits: v.numDigits } : {}),
        });
        // Several <Say>s may nest in one <Gather>: each may have its own language and voice.
        for (const s of v.says) addSay(g, s);
        break;
      }
      case 'redirect':
        // https://www.twilio.com/docs/voice/twiml/redirect
        r.redirect({ method: 'POST' }, v.url);
        break;
      case 'hangup':
        // https://www.twilio.com/docs/voice/twiml/hangup
        r.hangup();
        break;
      case 'connect_stream': {
        // https://www.twilio.com/docs/voice/twiml/stream : a bidirectional stream; Twilio requests
        // the <Connect action> when the stream ends.
        const stream = r.connect({ action: v.action, method: 'POST' }).stream({ url: v.url });
        for (const p of v.parameters) stream.parameter(p);
        break;
      }
      case 'dial':
        // https://www.twilio.com/docs/voice/twiml/dial : the action gets DialCallStatus afterwards.
        r.dial({ action: v.action, method: 'POST', timeout: v.timeout }, v.number);
        break;
      case 'record':
        // https://www.twilio.com/docs/voice/twiml/record
        r.record({
          action: v.action,
          method: 'POST',
          maxLength: v.maxLength,
          finishOnKey: v.finishOnKey,
          playBeep: true,
          recordingStatusCallback: v.recordingStatusCallback,
          recordingStatusCallbackMethod: 'POST',
        });
        break;
    }
  }
  return r.toString();
}

/** An empty `<Response/>`, for callbacks whose answer Twilio ignores. https://www.twilio.com/docs/voice/twiml */
export function renderEmpty(): string {
  return new VoiceResponse().toString();
}
