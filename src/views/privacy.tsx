import type { AuditEntry } from '../domain/index.ts';
import type { Subject } from '../privacy/subject.ts';
import { ActorName } from './components.tsx';
import { formatDateTime, formatDuration, formatPhone } from './format.ts';
import { Layout } from './layout.tsx';
import { parseCounts, PrivacyCounts } from './privacy-counts.tsx';
import type { Ui } from './ui.ts';

export interface PrivacyProps {
  ui: Ui;
  /** What was typed (shown again in the field). */
  input: string;
  subject: Subject | null;
  error?: 'number_invalid' | 'confirm_mismatch' | 'twilio_failed';
  /** Counts of an erasure just done. */
  erased?: Record<string, number>;
  audit: AuditEntry[];
}

const Csrf = ({ ui }: { ui: Ui }) => <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />;

function Found({ ui, s }: { ui: Ui; s: Subject }) {
  const { t, lang } = ui;
  const recordings = s.calls.flatMap((c) => c.recordings.map((r) => ({ call: c.call, r })));
  const transcripts = s.calls.flatMap((c) => c.transcripts.filter((x) => x.text).map((x) => ({ call: c.call, x })));
  return (
    <section class="card privacy-found">
      <h2>{t('privacy.found', { number: s.masked })}</h2>
      <h3>{t('privacy.calls', { count: s.calls.length })}</h3>
      <ul class="privacy-calls">
        {s.calls.map((c) => (
          <li>
            <a href={`/calls/${c.call.id}`}>{formatDateTime(c.call.startedAt, lang)}</a> · {formatPhone(c.call.fromFull, c.call.fromMasked)}
            {c.call.callerName ? ` · ${c.call.callerName}` : ''} · {formatDuration(c.call.durationS)} ·{' '}
            {c.consent ? t(c.consent.given ? 'detail.consent_given' : 'detail.consent_declined', { time: formatDateTime(c.consent.at, lang) }) : t('detail.consent_none')}
          </li>
        ))}
      </ul>
      <h3>{t('privacy.recordings', { count: recordings.length })}</h3>
      <ul>{recordings.map(({ call, r }) => <li><a href={`/calls/${call.id}`}>{r.recordingSid}</a> · {formatDuration(r.durationS)} · {r.status}</li>)}</ul>
      <h3>{t('privacy.transcripts', { count: transcripts.length })}</h3>
      <ul>{transcripts.map(({ call, x }) => <li><a href={`/calls/${call.id}`}>{formatDateTime(x.at, lang)}</a> · {x.text}</li>)}</ul>
      <h3>{t('privacy.orders', { count: s.orders.length })}</h3>
      <ul>{s.orders.map((o) => <li><a href={`/orders/${o.id}`}>{o.number}</a> · {t(`order_status.${o.status}`)}</li>)}</ul>
      <div class="privacy-actions">
        <form method="post" action="/privacy/export" class="inline-form">
          <Csrf ui={ui} />
          <input type="hidden" name="number" value={s.e164} />
          <button type="submit">{t('privacy.export')}</button>
        </form>
        <form method="post" action="/privacy/erase" class="inline-form privacy-erase">
          <Csrf ui={ui} />
          <input type="hidden" name="number" value={s.e164} />
          <label>{t('privacy.confirm_label')}<input name="confirm" required autocomplete="off" inputmode="tel" /></label>
          <button type="submit" class="danger">{t('privacy.erase')}</button>
        </form>
      </div>
      <p class="muted small">{t('privacy.erase_hint')}</p>
    </section>
  );
}

export function PrivacyPage({ ui, input, subject, error, erased, audit }: PrivacyProps) {
  const { t, lang } = ui;
  return (
    <Layout ui={ui} title={t('privacy.title')}>
      <h1>{t('privacy.title')}</h1>
      {error && <p class="notice error" role="alert">{t(`privacy.error_${error}`)}</p>}
      {erased && <div class="notice ok" role="status">{t('privacy.erased')} <PrivacyCounts ui={ui} counts={erased} /></div>}
      <section class="card">
        {/* POST, so the number ends up in no URL, browser history or access log. */}
        <form method="post" action="/privacy" class="inline-form">
          <Csrf ui={ui} />
          <label>{t('privacy.number')}<input name="number" required value={input} inputmode="tel" autocomplete="off" placeholder="+49 151 12345678" /></label>
          <button type="submit">{t('privacy.find')}</button>
        </form>
        <p class="muted small">{t('privacy.number_hint')}</p>
      </section>
      {subject && <Found ui={ui} s={subject} />}
      <section class="card">
        <h2>{t('privacy.history')}</h2>
        <ol class="audit">
          {audit.map((e) => (
            <li>
              <time datetime={e.at.toISOString()}>{formatDateTime(e.at, lang)}</time> <ActorName ui={ui} actor={e.actor} />{' '}
              {t(`privacy.audit_${e.field}`, { defaultValue: e.field })} {e.oldValue ?? ''}{' '}
              {((counts) => (counts ? <PrivacyCounts ui={ui} counts={counts} /> : <code>{e.newValue}</code>))(parseCounts(e.newValue))}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}
