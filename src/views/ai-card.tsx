// The call page's AI card: per conversation its end, tokens, estimated cost, answer times and the
// staff summary; totals when there were several.
import { addUsage, aiCost, NO_USAGE, type AiLeg, type AiPriceList } from '../domain/index.ts';
import { numberFormat } from './format.ts';
import type { Ui } from './ui.ts';

const num = (n: number, lang: string) => numberFormat(lang === 'de' ? 'de-DE' : 'en-GB', 'default', {}).format(n);
// The dashboard prices every day of the month in two currencies: one formatter each (format.ts).
export const money = (v: number, cur: 'USD' | 'EUR', lang: string) =>
  numberFormat(lang === 'de' ? 'de-DE' : 'en-GB', `money ${cur}`, { style: 'currency', currency: cur, minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(v);
const ms = (v: number | null) => (v == null ? '–' : `${v} ms`);

function Leg({ ui, leg, prices, summaryEnabled }: { ui: Ui; leg: AiLeg; prices: AiPriceList; summaryEnabled: boolean }) {
  const { t, lang } = ui;
  const cost = aiCost(leg, prices);
  return (
    <div class="ai-leg">
      <dl class="facts">
        <dt>{t('calls.status')}</dt>
        <dd>{leg.endReason ? t(`ai_reason.${leg.endReason}`, { defaultValue: leg.endReason }) : '…'}</dd>
        <dt>{t('ai.tokens_in')}</dt>
        <dd>{num(leg.inputTextTokens, lang)} / {num(leg.inputAudioTokens, lang)} / {num(leg.inputCachedTokens, lang)}</dd>
        <dt>{t('ai.tokens_out')}</dt>
        <dd>{num(leg.outputTextTokens, lang)} / {num(leg.outputAudioTokens, lang)}</dd>
        <dt>{t('ai.cost')}</dt>
        <dd class="ai-cost">{money(cost.eur, 'EUR', lang)} · {money(cost.usd, 'USD', lang)}</dd>
        <dt>{t('ai.latency')}</dt>
        <dd class="ai-latency">{ms(leg.latencyP50Ms)} / {ms(leg.latencyMaxMs)}</dd>
        <dt>{t('ai.turns')}</dt>
        <dd>{leg.turns}</dd>
        <dt>{t('ai.summary')}</dt>
        <dd class="ai-summary">
          {leg.summary ?? <span class="muted">{t(summaryEnabled ? 'ai.summary_pending' : 'ai.summary_off')}</span>}
        </dd>
        {leg.outcome && (
          <>
            <dt>{t('ai.wanted')}</dt>
            <dd>{leg.outcome.wanted}</dd>
            <dt>{t('ai.orders')}</dt>
            <dd>{leg.outcome.orderNumbers.length ? leg.outcome.orderNumbers.join(', ') : '–'}</dd>
            <dt>{t('ai.follow_up')}</dt>
            <dd class={leg.outcome.followUp ? 'ai-follow-up' : ''}>{t(leg.outcome.followUp ? 'ai.follow_up_yes' : 'ai.follow_up_no')}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

export function AiCard({ ui, legs, prices, summaryEnabled }: { ui: Ui; legs: AiLeg[]; prices: AiPriceList; summaryEnabled: boolean }) {
  const { t, lang } = ui;
  if (legs.length === 0) return null;
  const total = aiCost(legs.reduce(addUsage, NO_USAGE), prices);
  return (
    <section class="card ai-card">
      <h2>{t('ai.title')}</h2>
      {legs.map((leg) => <Leg ui={ui} leg={leg} prices={prices} summaryEnabled={summaryEnabled} />)}
      {legs.length > 1 && (
        <p class="ai-total">{t('ai.legs')}: {legs.length} · {t('ai.cost')}: {money(total.eur, 'EUR', lang)} · {money(total.usd, 'USD', lang)}</p>
      )}
      <p class="muted small">{t('ai.cost_note')}</p>
    </section>
  );
}
