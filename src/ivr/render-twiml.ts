import { renderTwiml, type Say, type SayPart, type TwimlVerb } from '../telephony/twiml.ts';
import type { Lang } from '../domain/index.ts';
import type { After } from './state-codec.ts';
import type { IvrState, Speech, Verb } from './types.ts';

export interface IvrTwimlContext {
  /** The language of this turn: every `<Say>` speaks it unless a piece of speech names another. */
  lang: Lang;
  /** `<Say voice>` per language. */
  voices: Record<Lang, string>;
  /** A locale key in a language → the sentence to speak. */
  text: (lang: Lang, key: string) => string;
  /** The absolute action URL of a webhook carrying the state. */
  actionUrl: (path: string, state: IvrState, after?: After) => string;
  /** What `{type: 'order_status'}` says (the looked-up status sentence). */
  orderStatus: string;
  mediaUrl: string;
  staffNumber: string | null;
  callSid: string;
  /** The per-call token the worker checks at the stream's `start` (made by the edge, which holds the key). */
  streamToken?: () => string;
}

/** Seconds Twilio rings the staff number before the dial counts as unanswered. */
const DIAL_TIMEOUT_S = 25;
/** The longest voice message, in seconds. */
const VOICEMAIL_MAX_S = 120;

/** Where a sentence reads a number back (`{{number}}` in the locale files). */
export const NUMBER_PLACEHOLDER = '{{number}}';

/**
 * A sentence whose `{{number}}` is read digit by digit (`<say-as interpret-as="digits">`, as the
 * read-back is): "I couldn't find order 1 2 3 4." Without digits or placeholder: the sentence.
 */
function withNumber(sentence: string, digits: string | undefined): SayPart[] {
  const at = digits ? sentence.indexOf(NUMBER_PLACEHOLDER) : -1;
  if (at < 0) return [{ text: sentence }];
  const before = sentence.slice(0, at);
  const after = sentence.slice(at + NUMBER_PLACEHOLDER.length);
  return [...(before ? [{ text: before }] : []), { digits: digits! }, ...(after ? [{ text: after }] : [])];
}

/**
 * Speech → `<Say>`s: one per run of the same language (a `<Say>` has one voice). A read-back
 * number ends its sentence, so the question after it is not run on.
 */
export function toSays(speech: Speech[], ctx: Pick<IvrTwimlContext, 'lang' | 'voices' | 'text' | 'orderStatus'>): Say[] {
  const says: Say[] = [];
  let prev: Speech | null = null;
  for (const s of speech) {
    const lang = s.type === 'text' && s.lang ? s.lang : ctx.lang;
    let say = says.at(-1);
    if (!say || say.language !== lang) {
      says.push((say = { language: lang, voice: ctx.voices[lang], parts: [] }));
      prev = null;
    }
    const sep = prev === null ? '' : prev.type === 'digits' ? '. ' : ' ';
    const parts: SayPart[] =
      s.type === 'digits' ? [...(sep ? [{ text: sep }] : []), { digits: s.value }]
      : withNumber(sep + (s.type === 'text' ? ctx.text(lang, s.key) : ctx.orderStatus), s.digits);
    say.parts.push(...parts);
    prev = s;
  }
  return says;
}

/** The IVR's verbs as TwiML verbs. https://www.twilio.com/docs/voice/twiml/gather#action */
export function toTwimlVerbs(verbs: Verb[], ctx: IvrTwimlContext): TwimlVerb[] {
  const out: TwimlVerb[] = [];
  for (const v of verbs) {
    switch (v.type) {
      case 'say':
        for (const say of toSays(v.speech, ctx)) out.push({ verb: 'say', say });
        break;
      case 'gather': {
        const action = ctx.actionUrl(v.next.node, v.next);
        out.push({ verb: 'gather', action, timeout: v.timeout, finishOnKey: v.finishOnKey, numDigits: v.numDigits, says: toSays(v.speech, ctx) });
        // Without input Twilio does not call the action: it falls through to the next verb.
        // The Redirect posts the same action without Digits, which the flow counts as "no input".
        out.push({ verb: 'redirect', url: action });
        break;
      }
      case 'hangup':
        out.push({ verb: 'hangup' });
        break;
      case 'connect_ai':
        // The AI leg speaks the language the call is in now (the caller may have switched).
        out.push({
          verb: 'connect_stream',
          action: ctx.actionUrl('stream_end', v.next),
          url: ctx.mediaUrl,
          parameters: [
            { name: 'call', value: ctx.callSid },
            { name: 'lang', value: v.next.lang },
            // Omitted without an order rather than sent empty (the worker reads a missing one as none).
            ...(v.next.order ? [{ name: 'order', value: v.next.order }] : []),
            ...(ctx.streamToken ? [{ name: 'token', value: ctx.streamToken() }] : []),
          ],
        });
        break;
      case 'dial':
        out.push({ verb: 'dial', action: ctx.actionUrl('help', v.next, 'dial'), timeout: DIAL_TIMEOUT_S, number: ctx.staffNumber ?? '' });
        break;
      case 'record':
        // An empty recording skips the action and falls through to the next verb; a real one
        // requests the action (https://www.twilio.com/docs/voice/twiml/record#action).
        out.push({
          verb: 'record',
          action: ctx.actionUrl('help', v.next, 'recorded'),
          maxLength: VOICEMAIL_MAX_S,
          finishOnKey: '#',
          recordingStatusCallback: ctx.actionUrl('recording', v.next),
        });
        break;
    }
  }
  return out;
}

/** The IVR's verbs as a TwiML document. https://www.twilio.com/docs/voice/twiml */
export function renderIvrTwiml(verbs: Verb[], ctx: IvrTwimlContext): string {
  return renderTwiml(toTwimlVerbs(verbs, ctx));
}

/**
 * A TwiML answer that only apologises and hangs up (any internal failure): Twilio would play its
 * own "application error" otherwise. https://www.twilio.com/docs/voice/twiml/say
 */
export function renderApology(lang: Lang, voice: string, sentence: string): string {
  return renderTwiml([{ verb: 'say', say: { language: lang, voice, parts: [{ text: sentence }] } }, { verb: 'hangup' }]);
}
