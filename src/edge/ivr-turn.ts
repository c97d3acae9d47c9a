import { createPromptText } from '../i18n/prompts.ts';
import { renderApology, renderIvrTwiml } from '../ivr/render-twiml.ts';
import { formatSaid } from '../ivr/said.ts';
import { formatStateQuery } from '../ivr/state-codec.ts';
import { start, step } from '../ivr/step.ts';
import type { IvrContext, IvrInput, IvrState, StepResult, Verb } from '../ivr/types.ts';
import type { TurnWrite } from '../store/store.ts';
import type { Lang, OrderStatus } from '../domain/index.ts';
import { languageForNumber, maskNumber, normalizeNumber } from '../telephony/phone.ts';
import type { AppDeps } from './types.ts';

type Params = Record<string, string>;

/** Where the turn leaves the caller, for the log: the node asked next, or what happens instead. */
function nextOf(verbs: Verb[]): string {
  const g = verbs.find((v) => v.type === 'gather');
  if (g && g.type === 'gather') return g.next.node;
  return verbs.find((v) => v.type !== 'say')?.type ?? 'end';
}

export function createIvrTurns(deps: AppDeps) {
  const { store, config, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const features = { aiEnabled: !!config.openai.apiKey, staffEnabled: !!config.staffPhoneNumber };
  const prompt = createPromptText(config);
  /** Per call: a caller from a +1 number who switches to English hears American English. */
  const ctxFor = (params: Params): IvrContext => ({ ...features, english: languageForNumber(params.From) === 'en-US' ? 'en-US' : 'en-GB' });

  /**
   * The status the turn will say, read before the turn is written so the call's timeline keeps
   * what the caller really heard. A number not yet known is saved as `received` by the turn.
   */
  async function spokenStatus(result: StepResult): Promise<OrderStatus | null> {
    for (const e of result.effects) {
      if (e.type === 'save_order') return (await store.getOrderByNumber(e.number))?.status ?? 'received';
      if (e.type === 'lookup_order') return (await store.getOrderByNumber(e.number))?.status ?? null;
    }
    return null;
  }

  async function run(stateLang: Lang, stepName: string, seq: number, params: Params, result: StepResult): Promise<string> {
    const began = performance.now();
    const at = clock();
    // After the language switch this turn already speaks the new language, and so does the call.
    const lang = result.effects.find((e) => e.type === 'language')?.lang ?? stateLang;
    const status = await spokenStatus(result);
    const statusKey = status ? `status.${status}` : 'status.unknown';
    const turn: TurnWrite = {
      call: {
        callSid: params.CallSid!,
        fromMasked: maskNumber(params.From),
        toNumber: params.To ?? null,
        callerName: params.CallerName ?? null,
        language: lang,
        at,
      },
      event: {
        key: `ivr:${seq}`,
        kind: 'ivr',
        step: stepName,
        digits: params.Digits ?? null,
        detail: { outcome: result.outcome, lang, said: formatSaid(result.verbs, statusKey) },
        at,
      },
    };
    for (const e of result.effects) {
      // The full number is kept only once the caller agreed (GDPR); a decline keeps the masked one.
      if (e.type === 'consent') turn.consent = { given: e.given, fromFull: e.given ? normalizeNumber(params.From) : null };
      if (e.type === 'save_order') turn.saveOrder = { number: e.number };
      if (e.type === 'lookup_order') turn.lookupOrder = { number: e.number };
      if (e.type === 'language') turn.language = e.lang;
    }
    await store.applyTurn(turn);
    const twiml = render(lang, params.CallSid!, result.verbs, statusKey);
    // One line per turn for operators: no number, name, digits or spoken text.
    logger.info(
      { callSid: params.CallSid, step: stepName, outcome: result.outcome, lang, next: nextOf(result.verbs), durationMs: Math.round(performance.now() - began) },
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
    });
  }

  return {
    /** `/webhook/voice`: a new call. */
    incoming(params: Params): Promise<string> {
      const lang = languageForNumber(params.From);
      return run(lang, 'voice', 0, params, start(lang, ctxFor(params)));
    },
    /** A node's webhook: the caller's answer (or its absence) at `state.node`. */
    answer(state: IvrState, stepName: string, input: IvrInput, params: Params): Promise<string> {
      return run(state.lang, stepName, state.seq, params, step(state, input, ctxFor(params)));
    },
    apology(lang: Lang): string {
      return renderApology(lang, config.voices[lang], prompt(lang, 'common.apology'));
    },
  };
}
