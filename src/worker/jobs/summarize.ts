// The `summarize` job: when an AI leg ends, two sentences for staff and a structured outcome
// (order numbers mentioned, what the caller wanted, whether someone should follow up).
import type { AiOutcome } from '../../domain/index.ts';
import type { Store } from '../../store/store.ts';
import { lazyOpenAi } from './openai-client.ts';
import { PermanentJobError, type JobHandler } from './runner.ts';

export interface SummarizeConfig {
  store: Store;
  openai: { apiKey: string; baseUrl: string; model: string };
  /** SUMMARY_LANG. */
  lang: 'de' | 'en';
  timeoutMs?: number;
}

const PROMPT = {
  de: 'Du fasst Telefongespräche zwischen einem Anrufer und Liza, der Telefonassistentin eines Shops, für das Team zusammen. Schreibe genau zwei Sätze auf Deutsch. "wanted" ist ein kurzer deutscher Ausdruck.',
  en: 'You summarise phone conversations between a caller and Liza, a shop\'s telephone assistant, for the team. Write exactly two sentences in English. "wanted" is a short English phrase.',
} as const;

/** Structured output: https://platform.openai.com/docs/guides/structured-outputs */
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'order_numbers', 'wanted', 'follow_up'],
  properties: {
    summary: { type: 'string' },
    order_numbers: { type: 'array', items: { type: 'string' } },
    wanted: { type: 'string' },
    follow_up: { type: 'boolean', description: 'true when a member of staff should contact the caller or act on the call' },
  },
} as const;

function parseOutcome(content: string | null | undefined): { text: string; outcome: AiOutcome } {
  let v: { summary?: unknown; order_numbers?: unknown; wanted?: unknown; follow_up?: unknown };
  try {
    v = JSON.parse(content ?? '') as typeof v;
  } catch {
    throw new Error('the summary model did not answer with JSON');
  }
  if (typeof v.summary !== 'string' || !v.summary.trim()) throw new Error('the summary model answered without a summary');
  const orderNumbers = Array.isArray(v.order_numbers) ? v.order_numbers.map(String).map((n) => n.replace(/\D/g, '')).filter((n) => n.length >= 4 && n.length <= 12) : [];
  return {
    text: v.summary.trim(),
    outcome: { orderNumbers: [...new Set(orderNumbers)], wanted: typeof v.wanted === 'string' ? v.wanted.trim() : '', followUp: v.follow_up === true },
  };
}

export function createSummarizeHandler(cfg: SummarizeConfig): JobHandler {
  const openai = lazyOpenAi({ apiKey: cfg.openai.apiKey, baseUrl: cfg.openai.baseUrl, timeout: cfg.timeoutMs ?? 60_000 });
  return {
    async run(job, signal) {
      const legId = Number(job.payload.legId);
      if (!Number.isInteger(legId)) throw new PermanentJobError('job payload has no legId');
      const leg = await cfg.store.getAiLeg(legId);
      if (!leg) throw new PermanentJobError(`AI leg ${legId} not found`);
      const events = await cfg.store.listCallEvents(leg.callId);
      const end = leg.endedAt ?? new Date(8.64e15);
      // This leg's conversation only (a call may have had several).
      const lines = events
        .filter((e) => e.kind === 'ai' && (e.step === 'user' || e.step === 'assistant') && e.text && e.at >= leg.startedAt && e.at <= end)
        .map((e) => `${e.step === 'user' ? 'Caller' : 'Liza'}: ${e.text}`);
      if (lines.length === 0) return; // nothing was said: nothing to summarise
      const res = await (await openai.client()).chat.completions.create(
        {
          model: cfg.openai.model,
          messages: [
            { role: 'system', content: PROMPT[cfg.lang] },
            { role: 'user', content: lines.join('\n') },
          ],
          response_format: { type: 'json_schema', json_schema: { name: 'call_summary', strict: true, schema: SCHEMA } },
        },
        { signal },
      );
      await cfg.store.setAiSummary(legId, parseOutcome(res.choices[0]?.message?.content));
    },
  };
}
