import { Hono } from 'hono';
import { createPromptText } from '../../../i18n/prompts.ts';
import { heardLines } from '../../../ivr/said.ts';
import { isCallStatus, isLang, type CallStatus } from '../../../domain/index.ts';
import { CallDetailPage } from '../../../views/call-detail.tsx';
import { CallsListPage } from '../../../views/calls-list.tsx';
import { ErrorPage } from '../../../views/error.tsx';
import type { StaffEnv } from '../../middleware/session.ts';
import type { AppDeps } from '../../types.ts';
import { csvResponse } from './csv.ts';
import { COUNT_CAP, PAGE_SIZE, pageInfo, parseCallQuery, parsePage } from './filters.ts';
import { proxyRecording } from './recording-proxy.ts';
import { controlOffer } from '../../call-control/offer.ts';
import { html, idParam, uiOf } from './render.ts';

/** Rows in one CSV download; a bigger export is a database job, not a page. */
export const EXPORT_CAP = 100_000;

export function callRoutes(deps: AppDeps) {
  const { store } = deps;
  const now = deps.clock ?? (() => new Date());
  const app = new Hono<StaffEnv>();
  const promptText = createPromptText(deps.config);

  app.get('/calls', async (c) => {
    const q = c.req.query();
    const { filter, values, invalid } = parseCallQuery(q);
    const page = parsePage(q.page);
    const res = await store.listCalls(filter, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE, countCap: COUNT_CAP });
    const info = pageInfo(page, res.total, res.capped);
    return html(c, <CallsListPage ui={uiOf(c)} filters={values} invalid={invalid} info={info} rows={res.rows} />);
  });

  app.get('/calls.csv', (c) => {
    const { filter } = parseCallQuery(c.req.query());
    // Masked numbers and no names unless staff ask for the full ones (`full=1`), which is audited (issue 15).
    const full = c.req.query('full') === '1';
    const actor = c.get('session')!.username;
    let exported = 0;
    return csvResponse(
      `calls-${now().toISOString().slice(0, 10)}.csv`,
      ['id', 'call_sid', 'started_at', 'ended_at', 'number', 'caller_name', 'language', 'status', 'duration_s', 'consent', 'order_number', 'direction'],
      async function* () {
        const chunk = 1000;
        for (let offset = 0; offset < EXPORT_CAP; offset += chunk) {
          const { rows } = await store.listCalls(filter, { offset, limit: chunk, countCap: 0 });
          if (rows.length === 0) break;
          exported += rows.length;
          yield rows.map((r) => [
            String(r.id), r.callSid, r.startedAt.toISOString(), r.endedAt?.toISOString() ?? '', full ? (r.fromFull ?? r.fromMasked) : r.fromMasked, full ? (r.callerName ?? '') : '',
            r.language, r.status, r.durationS == null ? '' : String(r.durationS), r.consentGiven == null ? '' : r.consentGiven ? 'given' : 'declined', r.orderNumber ?? '',
            r.direction,
          ]);
          if (rows.length < chunk) break;
        }
        if (full) await store.auditPrivacy({ actor, field: 'csv_full_numbers', masked: null, counts: { calls: exported }, at: now() });
      },
    );
  });

  app.get('/calls/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    const call = id ? await store.getCall(id) : null;
    if (!call) return html(c, <ErrorPage ui={uiOf(c)} status={404} reason="not_found" />, 404);
    const [events, consent, orders, recordings, transcripts, audit, control, aiLegs] = await Promise.all([
      store.listCallEvents(call.id), store.getConsent(call.id), store.listOrdersForCall(call.id),
      store.listRecordingsForCall(call.id), store.listTranscriptsForCall(call.id), store.listAudit('call', call.id),
      controlOffer(store, deps.config, [call], call, now()),
      store.listAiLegsForCall(call.id),
    ]);
    return html(c, (
      <CallDetailPage ui={uiOf(c)} call={call} events={events} consent={consent} orders={orders}
        recordings={recordings} transcripts={transcripts} audit={audit} done={c.req.query('done')} control={control}
        heard={(e) => heardLines(e.detail?.said, isLang(e.detail?.lang) ? e.detail.lang : call.language, promptText)}
        transcriptionEnabled={!!deps.config.openai.apiKey} aiLegs={aiLegs} prices={deps.config.prices} />
    ));
  });

  app.post('/calls/:id/status', async (c) => {
    const id = idParam(c.req.param('id'));
    const body = await c.req.parseBody();
    const status = body.status;
    if (!isCallStatus(status)) return html(c, <ErrorPage ui={uiOf(c)} status={400} reason="bad_status" />, 400);
    const res = id ? await store.setCallStatus(id, status as CallStatus, c.get('session')!.username, now()) : { kind: 'not_found' as const };
    if (res.kind === 'not_found') return html(c, <ErrorPage ui={uiOf(c)} status={404} reason="not_found" />, 404);
    return c.redirect(`/calls/${id}?done=${res.kind === 'changed' ? 'status_changed' : 'unchanged'}`, 303);
  });

  app.get('/calls/:id/recordings/:file', async (c) => {
    const id = idParam(c.req.param('id'));
    const m = /^(\d{1,12})\.mp3$/.exec(c.req.param('file'));
    const rec = m ? await store.getRecording(Number(m[1])) : null;
    if (!rec || rec.callId !== id) return c.text('Not found', 404);
    const { t } = uiOf(c);
    return proxyRecording(deps, rec, c.req.header('range'), (problem, vars) => t(`recording_problem.${problem}`, vars));
  });

  return app;
}
