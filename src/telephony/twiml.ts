// TwiML from the twilio package's builder (it escapes text and attributes correctly).
// Imported by sub-path so the edge does not load twilio's whole REST client at start.
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { Speech, Verb, IvrState } from '../ivr/types.ts';
import type { After } from '../ivr/state-codec.ts';
import type { Lang } from '../domain/index.ts';

export interface TwimlContext {
  lang: Lang;
  /** `<Say voice>` for this language. */
  voice: string;
  /** A locale key → the sentence to speak. */
  text: (key: string) => string;
  /** The absolute action URL of a node's webhook carrying the state. */
  actionUrl: (path: string, state: IvrState, after?: After) => string;
  /** What `{type: 'order_status'}` says (the looked-up status sentence). */
  orderStatus: string;
  mediaUrl: string;
  staffNumber: string | null;
  callSid: string;
}

/**
 * Renders the IVR's verbs as a TwiML `<Response>`.
 * https://www.twilio.com/docs/voice/twiml
 */
export function renderTwiml(verbs: Verb[], ctx: TwimlContext): string {
  const r = new VoiceResponse();
  const sayAttrs = { language: ctx.lang, voice: ctx.voice } as VoiceResponse.SayAttributes;
  const speak = (into: { say(attrs: VoiceResponse.SayAttributes, message: string): VoiceResponse.Say }, speech: Speech[]) => {
    if (speech.length === 0) return;
    const say = into.say(sayAttrs, '');
    speech.forEach((s, i) => {
      // A read-back number ends its sentence, so the question after it is not run on.
      const sep = i === 0 ? '' : speech[i - 1]!.type === 'digits' ? '. ' : ' ';
      if (s.type === 'digits') {
        // https://www.twilio.com/docs/voice/twiml/say/text-speech#ssml-say-as : read digit by digit.
        if (sep) say.addText(sep);
        say.sayAs({ 'interpret-as': 'digits' } as VoiceResponse.SsmlSayAsAttributes, s.value);
      } else say.addText(sep + (s.type === 'text' ? ctx.text(s.key) : ctx.orderStatus));
    });
  };
  for (const v of verbs) {
    switch (v.type) {
      case 'say':
        speak(r, v.speech);
        break;
      case 'gather': {
        const url = ctx.actionUrl(v.next.node, v.next);
        // https://www.twilio.com/docs/voice/twiml/gather
        const g = r.gather({
          input: ['dtmf'],
          action: url,
          method: 'POST',
          timeout: v.timeout,
          finishOnKey: v.finishOnKey,
          ...(v.numDigits ? { numDigits: v.numDigits } : {}),
        });
        speak(g, v.speech);
        // Without input Twilio does not call the action: it falls through to the next verb.
        // The Redirect posts the same action without Digits, which the flow counts as "no input".
        r.redirect({ method: 'POST' }, url);
        break;
      }
      case 'hangup':
        r.hangup();
        break;
      case 'connect_ai': {
        // https://www.twilio.com/docs/voice/twiml/stream : bidirectional stream; Twilio requests
        // the <Connect action> when the stream ends, which returns the caller to the menu.
        const connect = r.connect({ action: ctx.actionUrl('stream_end', v.next), method: 'POST' });
        const stream = connect.stream({ url: ctx.mediaUrl });
        stream.parameter({ name: 'call', value: ctx.callSid });
        stream.parameter({ name: 'lang', value: ctx.lang });
        stream.parameter({ name: 'order', value: v.next.order ?? '' });
        break;
      }
      case 'dial':
        // https://www.twilio.com/docs/voice/twiml/dial : the action gets DialCallStatus afterwards.
        r.dial({ action: ctx.actionUrl('help', v.next, 'dial'), method: 'POST', timeout: 25 }, ctx.staffNumber ?? '');
        break;
      case 'record':
        // https://www.twilio.com/docs/voice/twiml/record : an empty recording skips the action and
        // falls through to the next verb; a real one requests the action.
        r.record({
          action: ctx.actionUrl('help', v.next, 'recorded'),
          method: 'POST',
          maxLength: 120,
          finishOnKey: '#',
          playBeep: true,
          recordingStatusCallback: ctx.actionUrl('recording', v.next),
          recordingStatusCallbackMethod: 'POST',
        });
        break;
    }
  }
  return r.toString();
}

/** A TwiML answer that only apologises and hangs up (any internal failure). */
export function renderApology(lang: Lang, voice: string, sentence: string): string {
  const r = new VoiceResponse();
  r.say({ language: lang, voice } as VoiceResponse.SayAttributes, sentence);
  r.hangup();
  return r.toString();
}

/** An empty `<Response/>`, for callbacks whose answer Twilio ignores. */
export function renderEmpty(): string {
  return new VoiceResponse().toString();
}
