import type { Call } from '../domain/index.ts';
import { formatDateTime, formatPhone } from './format.ts';
import { Layout } from './layout.tsx';
import type { Ui } from './ui.ts';

/** What a page offers for call control; null fields: not offered (not configured, not possible). */
export interface ControlOffer {
  /** Consented calls whose stored number may be rung, and the form's one-time key. */
  callback: { key: string; sources: Call[] } | null;
  /** The call is live and call control is configured. */
  live: { transfer: boolean } | null;
}

const Hidden = ({ ui }: { ui: Ui }) => <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />;

/** One "call back" button per consented caller: the number is the stored one, never typed. */
export function CallbackForms({ ui, action, offer, withCall }: { ui: Ui; action: string; offer: ControlOffer['callback']; withCall: boolean }) {
  if (!offer || offer.sources.length === 0) return null;
  const { t, lang } = ui;
  return (
    <div class="callback">
      {offer.sources.map((s) => (
        <form method="post" action={action} class="inline-form" data-once>
          <Hidden ui={ui} />
          <input type="hidden" name="key" value={offer.key} />
          {withCall && <input type="hidden" name="call" value={String(s.id)} />}
          <button type="submit">{t('control.call_back', { number: formatPhone(s.fromFull, s.fromMasked) })}</button>
          {withCall && <span class="muted small"> · {t('control.from_call', { time: formatDateTime(s.startedAt, lang) })}</span>}
        </form>
      ))}
    </div>
  );
}

/** Hang up and pass to staff, on a live call's page and in the live panel. */
export function LiveControls({ ui, callId, live }: { ui: Ui; callId: number; live: ControlOffer['live'] }) {
  if (!live) return null;
  const { t } = ui;
  return (
    <span class="live-controls">
      <form method="post" action={`/calls/${callId}/hangup`} class="inline-form">
        <Hidden ui={ui} />
        <button type="submit" class="danger small">{t('control.hangup')}</button>
      </form>
      {live.transfer && (
        <form method="post" action={`/calls/${callId}/transfer`} class="inline-form">
          <Hidden ui={ui} />
          <button type="submit" class="secondary small">{t('control.transfer')}</button>
        </form>
      )}
    </span>
  );
}

/** Why a call-control request was not carried out (Twilio's code and message when it refused). */
export function ControlRefusedPage({ ui, status, reason, vars, back }: { ui: Ui; status: number; reason: string; vars: Record<string, string | number>; back: string }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t(`control.${reason}`, vars)}>
      <section class="card">
        <h1>{t(`control.${reason}`, vars)}</h1>
        <p class="notice error" role="alert">{t(`control.${reason}_hint`, vars)} ({status})</p>
        <p><a href={back}>{t('control.back')}</a></p>
      </section>
    </Layout>
  );
}
