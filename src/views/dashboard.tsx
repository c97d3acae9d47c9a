import type { AiPriceList, DashboardStats, LiveCall, LivePlace } from '../domain/index.ts';
import { AiCostByDay, type AiDay } from './dashboard-ai.tsx';
import { ORDER_STATUSES } from '../domain/index.ts';
import { BarChart } from './charts.tsx';
import { EmptyState, StatusBadge } from './components.tsx';
import { formatDateTime, formatDayLabel, formatDuration, formatNumber, formatPercent, formatPhone, formatTime } from './format.ts';
import { Layout } from './layout.tsx';
import { LiveControls, type ControlOffer } from './call-control.tsx';
import type { Ui } from './ui.ts';

export interface DayStat {
  day: string;
  calls: number;
  /** Callbacks staff placed that day (not in `calls`, whose consent rate they would skew). */
  outbound: number;
  consentGiven: number;
  consentDeclined: number;
}

export interface DashboardProps {
  ui: Ui;
  days: DayStat[];
  stats: Omit<DashboardStats, 'hourly'>;
  live: LiveCall[];
  /** Hang up / pass on in the live panel (null: call control not configured). */
  controls?: ControlOffer['live'];
  /** Tokens of the AI conversations per day, and their prices. */
  aiDays?: AiDay[];
  prices?: AiPriceList;
}

/** Where a caller is, in a few words: "in the menu: order number", "talking to the AI assistant". */
function Place({ ui, place }: { ui: Ui; place: LivePlace }) {
  const { t } = ui;
  const text = place.kind === 'ivr' ? (place.node ? t('live_place.ivr_at', { node: t(`live_place.node_${place.node}`) }) : t('live_place.ivr')) : t(`live_place.${place.kind}`);
  return <span class={`badge p-${place.kind}`}>{text}</span>;
}

/** Everyone on the line, with where they are; also the fragment the live-update stream sends. */
export function LiveCalls({ ui, live, controls }: { ui: Ui; live: LiveCall[]; controls?: ControlOffer['live'] }) {
  const { t, lang } = ui;
  if (live.length === 0) return <p class="muted">{t('dashboard.live_none')}</p>;
  return (
    <ul class="live-list">
      {live.map((c) => (
        <li>
          <a href={`/calls/${c.id}`}>{formatPhone(c.fromFull, c.fromMasked)}</a> <Place ui={ui} place={c.place} />
          {c.callerName ? <span class="muted"> · {c.callerName}</span> : null}
          <span class="muted"> · {t('dashboard.since', { time: formatTime(c.startedAt, lang) })}</span>
          {c.orderNumber ? <span> · #{c.orderNumber}</span> : null}
          {c.direction === 'outbound' && <span class="badge">{t('calls.outbound')}</span>}
          {/* A callback not yet accepted by Twilio has no CallSid to steer. */}
          {!c.callSid.startsWith('pending:') && <LiveControls ui={ui} callId={c.id} live={controls ?? null} />}
        </li>
      ))}
    </ul>
  );
}

export function DashboardPage({ ui, days, stats, live, controls, aiDays, prices }: DashboardProps) {
  const { t, lang } = ui;
  const total = days.reduce((s, d) => s + d.calls, 0);
  const given = days.reduce((s, d) => s + d.consentGiven, 0);
  const outbound = days.reduce((s, d) => s + d.outbound, 0);
  const maxCalls = Math.max(0, ...days.map((d) => d.calls));
  const counts = new Map(stats.ordersByStatus.map((o) => [o.status, o.count]));
  const orderTotal = stats.ordersByStatus.reduce((s, o) => s + o.count, 0);
  return (
    <Layout ui={ui} title={t('dashboard.title')} scripts={['/static/live.js']}>
      <h1>{t('dashboard.title')}</h1>
      <div class="kpis">
        <div class="kpi"><span>{t('dashboard.calls_30')}</span><strong>{formatNumber(total, lang)}</strong></div>
        <div class="kpi"><span>{t('dashboard.callbacks_30')}</span><strong><a href="/calls?direction=outbound">{formatNumber(outbound, lang)}</a></strong></div>
        <div class="kpi"><span>{t('dashboard.consent_rate')}</span><strong>{total ? formatPercent(given / total, lang) : '–'}</strong></div>
        <div class="kpi"><span>{t('dashboard.avg_length')}</span><strong>{formatDuration(stats.avgDurationS)}</strong></div>
        <div class="kpi"><span>{t('dashboard.live')}</span><strong id="live-count">{formatNumber(live.length, lang)}</strong></div>
      </div>
      <div class="grid2">
        <section class="card">
          <h2>{t('dashboard.calls_per_day')}</h2>
          <BarChart
            title={t('dashboard.calls_per_day')}
            unitLabel={formatNumber(maxCalls, lang)}
            max={maxCalls}
            bars={days.map((d) => ({ label: formatDayLabel(d.day, lang), value: d.calls, title: `${formatDayLabel(d.day, lang)}: ${t('dashboard.n_calls', { count: d.calls })}` }))}
          />
        </section>
        <section class="card">
          <h2>{t('dashboard.consent_per_day')}</h2>
          <BarChart
            cls="consent"
            title={t('dashboard.consent_per_day')}
            unitLabel="100 %"
            max={1}
            bars={days.map((d) => {
              const rate = d.calls ? d.consentGiven / d.calls : 0;
              return { label: formatDayLabel(d.day, lang), value: rate, title: `${formatDayLabel(d.day, lang)}: ${d.calls ? formatPercent(rate, lang) : '–'} (${d.consentGiven}/${d.calls})` };
            })}
          />
        </section>
        <section class="card" aria-live="polite">
          <h2>{t('dashboard.live')}</h2>
          <div id="live-calls" data-src="/live">
            <LiveCalls ui={ui} live={live} controls={controls} />
          </div>
          <p class="muted small"><a href="/">{t('dashboard.refresh')}</a></p>
        </section>
        <section class="card">
          <h2>{t('dashboard.orders_by_status')}</h2>
          {orderTotal === 0 ? (
            <EmptyState title={t('dashboard.no_orders')} hint={t('dashboard.no_orders_hint')} />
          ) : (
            <table class="compact">
              <tbody>
                {ORDER_STATUSES.map((s) => (
                  <tr>
                    <td><a href={`/orders?status=${s}`}><StatusBadge ui={ui} kind="order" status={s} /></a></td>
                    <td class="num">{formatNumber(counts.get(s) ?? 0, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="card">
          <h2>{t('dashboard.top_orders')}</h2>
          {stats.topOrders.length === 0 ? (
            <p class="muted">{t('dashboard.top_orders_none')}</p>
          ) : (
            <table class="compact">
              <thead><tr><th>{t('orders.number')}</th><th>{t('orders.status')}</th><th class="num">{t('orders.calls')}</th></tr></thead>
              <tbody>
                {stats.topOrders.map((o) => (
                  <tr>
                    <td><a href={`/orders/${o.id}`}>{o.number}</a></td>
                    <td><StatusBadge ui={ui} kind="order" status={o.status} /></td>
                    <td class="num">{formatNumber(o.calls, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="card">
          <h2>{t('dashboard.missed_orders')}</h2>
          {stats.missedOrders.length === 0 ? (
            <p class="muted">{t('dashboard.missed_none')}</p>
          ) : (
            <table class="compact missed">
              <thead><tr><th>{t('orders.number')}</th><th class="num">{t('orders.calls')}</th><th>{t('dashboard.last_asked')}</th></tr></thead>
              <tbody>
                {stats.missedOrders.map((m) => (
                  <tr>
                    <td>{m.orderId ? <a href={`/orders/${m.orderId}`}>{m.number}</a> : <a href={`/orders/new?number=${m.number}`} title={t('dashboard.create_it')}>{m.number}</a>}</td>
                    <td class="num">{formatNumber(m.calls, lang)}</td>
                    <td>{formatDateTime(m.lastAt, lang)}{m.orderId && <span class="muted small"> · {t('dashboard.now_known')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="muted small">
            {stats.unconfirmedOrders > 0
              ? <a href="/orders?source=call">{t('dashboard.unconfirmed', { count: stats.unconfirmedOrders, n: formatNumber(stats.unconfirmedOrders, lang) })}</a>
              : t('dashboard.unconfirmed_none')}
          </p>
        </section>
      </div>
      {aiDays && prices && <AiCostByDay ui={ui} days={aiDays} prices={prices} />}
    </Layout>
  );
}
