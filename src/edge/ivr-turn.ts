import { ivrT } from '../i18n/index.ts';
import { formatStateQuery } from '../ivr/state-codec.ts';
import { start, step } from '../ivr/step.ts';
import type { IvrInput, IvrState, StepResult, Verb } from '../ivr/types.ts';
import type { TurnWrite } from '../store/store.ts';
import type { Lang, Order } from '../domain/index.ts';
import { languageForNumber, maskNumber, normalizeNumber } from '../telephony/phone.ts';
import { renderApology, renderTwiml } from '../telephony/twiml.ts';
import type { AppDeps } from './types.ts';

type Params = Record<string, string>;

/** The prompt keys a turn says, for the call's timeline. */
function saidKeys(verbs: Verb[]): string[] {
  const out: string[] = [];
  for (const v of verbs) {
    if (v.type === 'say' || v.type === 'gather') {
      for (const s of v.speech) out.push(s.type === 'text' ? s.key : s.type === 'digits' ? `<digits:${s.value}>` : '<order_status>');
    } else out.push(`<${v.type}>`);
  }
  return out;
}

export function createIvrTurns(deps: AppDeps) {
  const { store, config } = deps;
  const clock = deps.clock ?? (() => new Date());
  const ctx = { aiEnabled: !!config.openai.apiKey, staffEnabled: !!config.staffPhoneNumber };

  async function run(lang: Lang, stepName: string, seq: number, params: Params, result: StepResult): Promise<string> {
    const at = clock();
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
        detail: { outcome: result.outcome, said: saidKeys(result.verbs) },
        at,
      },
    };
    for (const e of result.effects) {
      // The full number is kept only once the caller agreed (GDPR); a decline keeps the masked one.
      if (e.type === 'consent') turn.consent = { given: e.given, fromFull: e.given ? normalizeNumber(params.From) : null };
      if (e.type === 'save_order') turn.saveOrder = { number: e.number };
      if (e.type === 'lookup_order') turn.lookupOrder = { number: e.number };
    }
    const { order } = await store.applyTurn(turn);
    return render(lang, params.CallSid!, result.verbs, order);
  }

  // Prompts depend only on language and key (the company name is fixed per process): translate once.
  const prompts = new Map<string, string>();
  const prompt = (lang: Lang, key: string) => {
    const id = `${lang}|${key}`;
    let text = prompts.get(id);
    if (text === undefined) prompts.set(id, (text = ivrT(lang)(key, { company: config.companyName })));
    return text;
  };

  function render(lang: Lang, callSid: string, verbs: Verb[], order: Order | null): string {
    return renderTwiml(verbs, {
      lang,
      voice: config.voices[lang],
      text: (key) => prompt(lang, key),
      actionUrl: (path: string, state: IvrState, after) => `${config.publicBaseUrl}/webhook/${path}?${formatStateQuery(state, after)}`,
      orderStatus: prompt(lang, order ? `status.${order.status}` : 'status.unknown'),
      mediaUrl: config.publicMediaUrl,
      staffNumber: config.staffPhoneNumber,
      callSid,
    });
  }

  return {
    /** `/webhook/voice`: a new call. */
    incoming(params: Params): Promise<string> {
      const lang = languageForNumber(params.From);
      return run(lang, 'voice', 0, params, start(lang, ctx));
    },
    /** A node's webhook: the caller's answer (or its absence) at `state.node`. */
    answer(state: IvrState, stepName: string, input: IvrInput, params: Params): Promise<string> {
      return run(state.lang, stepName, state.seq, params, step(state, input, ctx));
    },
    apology(lang: Lang): string {
      return renderApology(lang, config.voices[lang], ivrT(lang)('common.apology'));
    },
  };
}

export type IvrTurns = ReturnType<typeof createIvrTurns>;
export { languageForNumber };
