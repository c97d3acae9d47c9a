import type { Call, Consent } from '../domain/index.ts';
import { formatDateTime } from './format.ts';
import type { Ui } from './ui.ts';

/**
 * What the caller was asked and what they answered (issue 15 point 2): the question's exact words and
 * version, the key, the time. Older consents have no evidence and say so rather than show nothing.
 */
export function ConsentEvidenceCard({ ui, call, consent }: { ui: Ui; call: Call; consent: Consent | null }) {
  const { t, lang } = ui;
  if (!consent) return null;
  const e = consent.evidence;
  return (
    <section class="card consent-evidence">
      <h2>{t('privacy.evidence_title')}</h2>
      {e ? (
        <dl class="facts">
          <dt>{t('privacy.evidence_answer')}</dt>
          <dd>{t(consent.given ? 'detail.consent_given' : 'detail.consent_declined', { time: formatDateTime(consent.at, lang) })}</dd>
          <dt>{t('privacy.evidence_key')}</dt><dd><kbd>{e.digits ?? '–'}</kbd></dd>
          <dt>{t('calls.language')}</dt><dd>{t(`lang.${e.language}`)}</dd>
          <dt>{t('privacy.evidence_version')}</dt>
          <dd>{t('privacy.evidence_version_of', { version: e.promptVersion, since: formatDateTime(e.promptFirstUsedAt, lang) })} · <code title={e.promptHash}>{e.promptHash.slice(0, 12)}</code></dd>
          <dt>{t('privacy.evidence_text')}</dt><dd><blockquote lang={e.language}>{e.promptText}</blockquote></dd>
          <dt>{t('privacy.evidence_call')}</dt><dd><code>{call.callSid}</code></dd>
        </dl>
      ) : (
        <p class="muted">{t('privacy.evidence_none')}</p>
      )}
      {call.erasedAt ? <p class="muted">{t('privacy.erased_at', { time: formatDateTime(call.erasedAt, lang) })}</p> : null}
    </section>
  );
}
