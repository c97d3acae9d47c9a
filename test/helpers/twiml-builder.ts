// The reference for the string renderer (src/telephony/twiml.ts): the same verbs rendered with
// twilio's VoiceResponse builder, as Liza did before issue 14. test/telephony/twiml-renderer.test.ts
// checks the two are byte-equal.
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { Say, TwimlVerb } from '../../src/telephony/twiml.ts';

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
export function builderTwiml(verbs: TwimlVerb[]): string {
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
export function builderEmpty(): string {
  return new VoiceResponse().toString();
}
