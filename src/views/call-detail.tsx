import type { HeardLine } from '../ivr/said.ts';
import type { AiLeg, AiPriceList, AuditEntry, Call, CallEvent, Consent, Order, Recording, Transcript } from '../domain/index.ts';
import { CALL_STATUSES } from '../domain/index.ts';
import { AiCard } from './ai-card.tsx';
import { AuditTrail, Notice, StatusBadge, StatusForm } from './components.tsx';
import { CallbackForms, LiveControls, type ControlOffer } from './call-control.tsx';
import { formatDateTime, formatDuration, formatPhone, formatTime } from './format.ts';
import { ConsentEvidenceCard } from './consent-evidence.tsx';
import { Layout } from './layout.tsx';
import type { Ui } from './ui.ts';

export interface CallDetailProps {
  ui: Ui;
  call: Call;
  events: CallEvent[];
  consent: Consent | null;
  orders: Order[];
  recordings: Recording[];
  transcripts: Transcript[];
  audit: AuditEntry[];
  done?: string;
  /** What the caller heard in an IVR turn, in the language it was spoken in. */
  heard: (e: CallEvent) => HeardLine[];
  /** False without OPENAI_API_KEY: pending transcripts then wait for a key, not for the worker. */
  transcriptionEnabled: boolean;
  /** Call back / hang up / pass on, as far as configured and possible. */
  control: ControlOffer;
  /** The call's AI conversations, and what their tokens cost (OPENAI_PRICE_*). */
  aiLegs: AiLeg[];
  prices: AiPriceList;
}

/** Longer key presses (a caller leaning on the keypad) are cut here, the rest one click away. */
const DIGITS_SHOWN = 24;

function Keys({ ui, digits }: { ui: Ui; digits: string }) {
  const { t } = ui;
  if (digits.length <= DIGITS_SHOWN) return <span class="ev-digits">{t('detail.keys')}: <kbd>{digits}</kbd></span>;
  return (
    <details class="ev-digits long">
      <summary>{t('detail.keys')}: <kbd>{digits.slice(0, DIGITS_SHOWN)}…</kbd> ({t('detail.keys_count', { count: digits.length })})</summary>
      <kbd class="all">{digits}</kbd>
    </details>
  );
}

function Heard({ ui, line }: { ui: Ui; line: HeardLine }) {
  const { t } = ui;
  switch (line.kind) {
    case 'speech':
      // Marked with its language: a call may switch, and the page may be in another one.
      return <li lang={line.lang}>{line.text}</li>;
    case 'digits':
      // Read back digit by digit, as the caller heard it.
      return <li class="said-digits">{line.digits.split('').join(' ')}</li>;
    case 'order_status':
      return <li class="said-note">{t('detail.said_status')}</li>;
    case 'verb':
      return <li class="said-note">{t(`said_verb.${line.verb}`, { defaultValue: t('said_verb.other') })}</li>;
  }
}

function EventLine({ ui, e, heard }: { ui: Ui; e: CallEvent; heard: HeardLine[] }) {
  const { t, lang } = ui;
  const outcome = typeof e.detail?.outcome === 'string' ? e.detail.outcome : null;
  // Why the AI leg ended (the worker records it), so staff can tell a hang-up from an outage.
  const reason = e.kind === 'ai' && typeof e.detail?.reason === 'string' ? e.detail.reason : null;
  return (
    <li class={`ev ev-${e.kind}`}>
      <time datetime={e.at.toISOString()}>{formatTime(e.at, lang)}</time>
      <span class="ev-kind">{t(`event.${e.kind}`)}</span>
      <span class="ev-step">{t(`step_${e.kind}.${e.step}`, { defaultValue: t(`step.${e.step}`, { defaultValue: e.step }) })}</span>
      {e.digits != null && e.digits !== '' && <Keys ui={ui} digits={e.digits} />}
      {outcome && <span class="ev-outcome">{t(`outcome.${outcome}`, { defaultValue: outcome })}</span>}
      {reason && <span class="ev-outcome">{t(`ai_reason.${reason}`, { defaultValue: reason })}</span>}
      {e.kind === 'ai' && e.step === 'tool' && typeof e.detail?.name === 'string' && <code class="ev-outcome">{e.detail.name}</code>}
      {e.text && <span class="ev-text">{e.text}</span>}
      {heard.length > 0 && (
        <details class="ev-said">
          <summary>{t('detail.said')}</summary>
          <ol>{heard.map((line) => <Heard ui={ui} line={line} />)}</ol>
        </details>
      )}
    </li>
  );
}

export function CallDetailPage(p: CallDetailProps) {
  const { ui, call } = p;
  const { t, lang } = ui;
  const isAiLine = (e: CallEvent) => e.kind === 'ai' && (e.step === 'user' || e.step === 'assistant');
  // The conversation lines have their own panel; the AI leg's start and end stay in the timeline.
  const timeline = p.events.filter((e) => !isAiLine(e));
  const aiLines = p.events.filter((e) => isAiLine(e) && e.text);
  const playable = p.recordings.filter((r) => r.status === 'completed');
  return (
    <Layout ui={ui} title={t('detail.call_title', { number: formatPhone(call.fromFull, call.fromMasked) })} scripts={playable.length ? ['/static/recording.js'] : []}>
      <p class="crumbs"><a href="/calls">← {t('nav.calls')}</a></p>
      <h1>{formatPhone(call.fromFull, call.fromMasked)}</h1>
      <Notice ui={ui} done={p.done} />
      {p.control.live && <p class="notice warn" role="note">{t('detail.live_control')} <LiveControls ui={ui} callId={call.id} live={p.control.live} /></p>}
      <CallbackForms ui={ui} action={`/calls/${call.id}/callback`} offer={p.control.callback} withCall={false} />
      <div class="grid2">
        <section class="card">
          <h2>{t('detail.overview')}</h2>
          <dl class="facts">
            <dt>{t('calls.number')}</dt><dd>{formatPhone(call.fromFull, call.fromMasked)}</dd>
            <dt>{t('calls.direction')}</dt><dd>{t(`direction.${call.direction}`)}{call.placedBy && ` · ${t('detail.placed_by', { user: call.placedBy })}`}</dd>
            {call.answeredBy && <><dt>{t('detail.answered_by')}</dt><dd>{t(`answered_by.${call.answeredBy}`)}</dd></>}
            <dt>{t('calls.caller_name')}</dt><dd>{call.callerName ?? '–'}</dd>
            <dt>{t('calls.language')}</dt><dd>{t(`lang.${call.language}`)}</dd>
            <dt>{t('calls.status')}</dt><dd><StatusBadge ui={ui} kind="call" status={call.status} /></dd>
            <dt>{t('calls.started')}</dt><dd>{formatDateTime(call.startedAt, lang)}</dd>
            <dt>{t('detail.ended')}</dt><dd>{call.endedAt ? formatDateTime(call.endedAt, lang) : '–'}</dd>
            <dt>{t('calls.duration')}</dt><dd>{formatDuration(call.durationS)}</dd>
            <dt>{t('detail.consent')}</dt>
            <dd>
              {p.consent
                ? t(p.consent.given ? 'detail.consent_given' : 'detail.consent_declined', { time: formatDateTime(p.consent.at, lang) })
                : t('detail.consent_none')}
            </dd>
            <dt>{t('calls.order')}</dt>
            <dd>
              {p.orders.length === 0
                ? t('detail.no_order')
                : p.orders.map((o) => (
                    <span class="order-link"><a href={`/orders/${o.id}`}>{o.number}</a> <StatusBadge ui={ui} kind="order" status={o.status} /></span>
                  ))}
            </dd>
          </dl>
          <StatusForm ui={ui} action={`/calls/${call.id}/status`} kind="call" current={call.status} statuses={CALL_STATUSES} />
        </section>
        <section class="card">
          <h2>{t('detail.recording')}</h2>
          {playable.length === 0 ? (
            <p class="muted">{p.recordings.length ? t('detail.recording_pending') : t('detail.recording_none')}</p>
          ) : (
            playable.map((r) => {
              const src = `/calls/${call.id}/recordings/${r.id}.mp3`;
              // recording.js puts the edge's reason under the player when it cannot play;
              // without script the link shows the same sentence.
              return (
                <figure class="recording">
                  <audio controls preload="none" src={src} data-problem={`problem-${r.id}`}></audio>
                  <figcaption>
                    {formatDateTime(r.at, lang)} · {formatDuration(r.durationS)} · <a href={src} download>{t('detail.recording_download')}</a>
                  </figcaption>
                  <p class="notice error" id={`problem-${r.id}`} role="status" hidden></p>
                </figure>
              );
            })
          )}
          <h2>{t('detail.transcript')}</h2>
          {p.transcripts.length === 0 && aiLines.length === 0 && <p class="muted">{t('detail.transcript_none')}</p>}
          {p.transcripts.map((tr) => (
            <div class="transcript">
              <p class="muted small">{t('detail.voicemail_transcript')} · {t(`transcript_status.${tr.status === 'pending' && !p.transcriptionEnabled ? 'off' : tr.status}`)}</p>
              {tr.status === 'failed' && tr.error && <p class="notice error small">{t('detail.transcript_error', { reason: tr.error })}</p>}
              {tr.text && <blockquote>{tr.text}</blockquote>}
            </div>
          ))}
          {aiLines.length > 0 && (
            <div class="transcript">
              <p class="muted small">{t('detail.ai_transcript')}</p>
              <ol class="chat">
                {aiLines.map((e) => (
                  <li class={`chat-${e.step}`}>
                    <span class="who">{t(`detail.speaker_${e.step}`)}</span> <span>{e.text}</span>
                  </li>
                ))}
              </ol>
            </div>
          )}
        </section>
      </div>
      <AiCard ui={ui} legs={p.aiLegs} prices={p.prices} summaryEnabled={p.transcriptionEnabled} />
      <ConsentEvidenceCard ui={ui} call={call} consent={p.consent} />
      <section class="card">
        <h2>{t('detail.timeline')}</h2>
        {timeline.length === 0 ? (
          <p class="muted">{t('detail.timeline_empty')}</p>
        ) : (
          <ol class="timeline">{timeline.map((e) => <EventLine ui={ui} e={e} heard={e.kind === 'ivr' ? p.heard(e) : []} />)}</ol>
        )}
      </section>
      <AuditTrail ui={ui} entries={p.audit} />
    </Layout>
  );
}
