// The dashboard's AI cost panel: tokens and the estimated cost per day (UTC) of the period.
import { aiCost, type AiPriceList, type AiUsage } from '../domain/index.ts';
import { money } from './ai-card.tsx';
import { numberFormat } from './format.ts';
import type { Ui } from './ui.ts';

export type AiDay = { day: string } & AiUsage;

export function AiCostByDay({ ui, days, prices }: { ui: Ui; days: AiDay[]; prices: AiPriceList }) {
  const { t, lang } = ui;
  const tokens = (d: AiUsage) => d.inputTextTokens + d.inputAudioTokens + d.outputTextTokens + d.outputAudioTokens;
  return (
    <section class="card ai-days">
      <h2>{t('ai.dashboard_title')}</h2>
      {days.length === 0 ? (
        <p class="muted">{t('ai.dashboard_none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead><tr><th>{t('ai.day')}</th><th class="num">{t('ai.tokens')}</th><th class="num">€</th><th class="num">$</th></tr></thead>
            <tbody>
              {days.map((d) => {
                const c = aiCost(d, prices);
                return (
                  <tr>
                    <td><time datetime={d.day}>{d.day}</time></td>
                    <td class="num">{numberFormat(lang === 'de' ? 'de-DE' : 'en-GB', 'default', {}).format(tokens(d))}</td>
                    <td class="num">{money(c.eur, 'EUR', lang)}</td>
                    <td class="num">{money(c.usd, 'USD', lang)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p class="muted small">{t('ai.cost_note')}</p>
    </section>
  );
}
