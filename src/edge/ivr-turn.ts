import { createPromptText } from '../i18n/prompts.ts';
import { createStreamToken } from '../telephony/stream-token.ts';
import { consentPromptText } from '../privacy/consent-prompt.ts';
import { renderApology, renderIvrTwiml } from '../ivr/render-twiml.ts';
import { formatSaid } from '../ivr/said.ts';
import { formatStateQuery } from '../ivr/state-codec.ts';
import { outboundAnswer, staffTransfer } from '../ivr/outbound.ts';
import { start, step } from '../ivr/step.ts';
import type { IvrContext, IvrInput, IvrState, StepResult, Verb } from '../ivr/types.ts';
import type { TurnWrite } from '../store/store.ts';
import type { AnsweredBy, Lang, Order } from '../domain/index.ts';
import { callerNumber, type CallerNumber } from '../telephony/phone.ts';
import type { AppDeps } from './types.ts';

type Params = Record<string, string>;

const NOTED = 'status.noted';

/** The status sentence of an order: `noted` while it is one a caller created that nobody confirmed yet. */
export function statusKeyOf(order: Order | null): string | null {
  if (!order) return null;
  return order.source === 'call' && order.status === 'received' ? NOTED : `status.${order.status}`;
}

/** Where the turn leaves the caller, for the log: the node asked next, or what happens instead. */
function nextOf(verbs: Verb[]): string {
  const g = verbs.find((v) => v.type === 'gather');
  if (g && g.type === 'gather') return g.next.node;
  return verbs.find((v) => v.type !== 'say')?.type ?? 'end';
}

export function createIvrTurns(deps: AppDeps) {
  const { store, config, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const features = { aiEnabled: !!config.openai.apiKey, staffEnabled: !!config.staffPhoneNumber, unknownOrders: config.unknownOrders };
  const prompt = createPromptText(config);
  /** Per call: a caller from a +1 number who switches to English hears American English. */
  const ctxFor = (caller: CallerNumber): IvrContext => ({ ...features, english: caller.lang === 'en-US' ? 'en-US' : 'en-GB' });

  /**
   * The locale key the turn will say the status with, read before the turn is written so the
   * call's timeline keeps what the caller really heard. An order a caller created (and a number
   * about to be created) is only noted: the caller hears that, not that the shop received it.
   */
  async function spokenStatus(result: StepResult, known: Order | null | undefined): Promise<string> {
    const read = async (number: string) => (known !== undefined && known?.number === number ? known : store.getOrderByNumber(number));
    for (const e of result.effects) {
      if (e.type === 'save_order') return statusKeyOf((await read(e.number)) ?? null) ?? 'status.noted';
      if (e.type === 'lookup_order') return statusKeyOf((await read(e.number)) ?? null) ?? 'status.unknown';
    }
    return 'status.unknown';
  }

  async function run(stateLang: Lang, stepName: string, seq: number, params: Params, caller: CallerNumber, result: StepResult, known?: Order | null): Promise<string> {
    const began = performance.now();
    const at = clock();
    // After the language switch this turn already speaks the new language, and so does the call.
    const lang = result.effects.find((e) => e.type === 'language')?.lang ?? stateLang;
    const statusKey = await spokenStatus(result, known);
    const next = nextOf(result.verbs);
    const turn: TurnWrite = {
      call: {
        callSid: params.CallSid!,
        fromMasked: caller.masked,
        toNumber: params.To ?? null,
        language: lang,
        at,
      },
      event: {
        key: `ivr:${seq}`,
        kind: 'ivr',
        step: stepName,
        digits: params.Digits ?? null,
        // `next`: where the caller went, for the dashboard's live panel (domain/live.ts).
        detail: { outcome: result.outcome, lang, next, said: formatSaid(result.verbs, statusKey, statusKey === NOTED) },
        at,
      },
    };
    for (const e of result.effects) {
      // The full number and the caller ID name are kept only once the caller agreed (GDPR); a
      // decline keeps the masked number. The evidence: the question in the language it was asked.
      if (e.type === 'consent') {
        turn.consent = {
          given: e.given,
          fromFull: e.given ? caller.e164 : null,
          callerName: e.given ? (params.CallerName ?? null) : null,
          digits: params.Digits ?? null,
          prompt: await consentPromptText(stateLang, prompt),
        };
      }
      if (e.type === 'save_order') turn.saveOrder = { number: e.number };
      if (e.type === 'lookup_order') turn.lookupOrder = { number: e.number };
      if (e.type === 'language') turn.language = e.lang;
      if (e.type === 'miss_order') turn.missedOrder = { number: e.number };
    }
    await store.applyTurn(turn);
    const twiml = render(lang, params.CallSid!, result.verbs, statusKey);
    // One line per turn for operators: no number, name, digits or spoken text.
    logger.info(
      { callSid: params.CallSid, step: stepName, outcome: result.outcome, lang, next, durationMs: Math.round(performance.now() - began) },
      'ivr turn',
    );
    return twiml;
  }

  function render(lang: Lang, callSid: string, verbs: Verb[], statusKey: string): string {
    return renderIvrTwiml(verbs, {
      lang,
      voices: config.voices,
      text: prompt,
      actionUrl: (path: string, state: IvrState, after) => `${config.publicBaseUrl}/webhook/${path}?${formatStateQuery(state, after)}`,
      orderStatus: prompt(lang, statusKey),
      mediaUrl: config.publicMediaUrl,
      staffNumber: config.staffPhoneNumber,
      callSid,
      streamToken: () => createStreamToken(config.twilio.authToken, callSid, new Date()),
    });
  }

  return {
    /** `/webhook/voice`: a new call. */
    incoming(params: Params): Promise<string> {
      // The number is parsed once per request (libphonenumber is a few µs a parse).
      const caller = callerNumber(params.From);
      return run(caller.lang, 'voice', 0, params, caller, start(caller.lang, ctxFor(caller)));
    },
    /** A node's webhook: the caller's answer (or its absence) at `state.node`. */
    async answer(state: IvrState, stepName: string, input: IvrInput, params: Params): Promise<string> {
      // The confirmation tells an order the shop (or staff) has from a number nobody confirmed: one
      // no order has, or one only callers noted. UNKNOWN_ORDERS decides what follows for those.
      const known = state.node === 'order_confirm' && state.order ? await store.getOrderByNumber(state.order) : undefined;
      const caller = callerNumber(params.From);
      const ctx: IvrContext = known === undefined ? ctxFor(caller) : { ...ctxFor(caller), orderKnown: known !== null && known.source !== 'call' };
      return run(state.lang, stepName, state.seq, params, caller, step(state, input, ctx), known);
    },
    /** `/webhook/outbound`: a callback was answered; what follows depends on who answered. */
    outbound(lang: Lang, order: string | null, answeredBy: AnsweredBy, params: Params): Promise<string> {
      const caller = callerNumber(params.From);
      return run(lang, 'outbound', 0, params, caller, outboundAnswer(lang, order, answeredBy, ctxFor(caller)));
    },
    /** The TwiML that replaces a live call's: "connecting you" and the dial to staff (ivr/outbound.ts). */
    transferTwiml(lang: Lang, callSid: string, order: string | null): string {
      return render(lang, callSid, staffTransfer(lang, order), 'status.unknown');
    },
    apology(lang: Lang): string {
      return renderApology(lang, config.voices[lang], prompt(lang, 'common.apology'));
    },
  };
}
