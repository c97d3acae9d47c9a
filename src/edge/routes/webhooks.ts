import { Hono, type Context } from 'hono';
import { FLOW } from '../../ivr/flow.ts';
import { parseStateQuery } from '../../ivr/state-codec.ts';
import type { IvrInput, NodeId } from '../../ivr/types.ts';
import { aiLegContinuation, isLang, parseAnsweredBy } from '../../domain/index.ts';
import { languageForNumber } from '../../telephony/phone.ts';
import { renderEmpty } from '../../telephony/twiml.ts';
import { logCallSummary } from '../call-summary.ts';
import { adoptStatusCallSid } from '../call-control/status-match.ts';
import { createIvrTurns } from '../ivr-turn.ts';
import type { EdgeMetrics } from '../../metrics/edge-metrics.ts';
import { webhookBodyLimit } from '../middleware/body-limit.ts';
import { twilioSignature } from '../middleware/twilio-signature.ts';
import type { AppDeps, AppEnv } from '../types.ts';

type Params = Record<string, string>;
/** One webhook per node of the IVR table, so a new node gets its route without touching this file. */
const NODES = Object.keys(FLOW) as NodeId[];
const ROUTES = new Set(['voice', ...NODES, 'stream_end', 'status', 'recording', 'outbound'].map((r) => `/webhook/${r}`));

class BadWebhook extends Error {}

/** Twilio sends numbers as strings; anything that is not a whole number is "unknown". */
const wholeNumber = (v: string | undefined): number | null => (v && /^\d{1,9}$/.test(v) ? Number(v) : null);

function inputOf(after: string | null, p: Params): IvrInput {
  if (after === 'recorded') return { type: 'recorded' };
  // https://www.twilio.com/docs/voice/twiml/dial#dialcallstatus
  if (after === 'dial') return { type: 'dial_ended', answered: p.DialCallStatus === 'completed' };
  return p.Digits === undefined ? { type: 'none' } : { type: 'digits', digits: p.Digits };
}

/** The Twilio webhooks. Every answer to a signed request is TwiML with status 200, never a 5xx. */
export function webhookRoutes(deps: AppDeps, metrics: EdgeMetrics) {
  const { store, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const turns = createIvrTurns(deps);
  const app = new Hono<AppEnv>();
  // Only known paths become label values, so random URLs cannot blow up the series count.
  const routeLabel = (path: string) => (ROUTES.has(path) ? path : 'other');
  app.use('*', async (c, next) => {
    const end = metrics.webhookSeconds.startTimer({ route: routeLabel(c.req.path) });
    await next();
    end({ status: String(c.res.status) });
  });
  app.use('*', webhookBodyLimit());
  app.use('*', twilioSignature(deps));

  const xml = (c: Context, body: string) => c.body(body, 200, { 'Content-Type': 'text/xml; charset=utf-8' });

  /** Runs a handler; any failure becomes an apology in the caller's language (Twilio would otherwise play its own error). */
  const safe = (handler: (c: Context<AppEnv>, p: Params) => Promise<string>) => async (c: Context<AppEnv>) => {
    const p = c.get('twilioParams');
    try {
      return xml(c, await handler(c, p));
    } catch (err) {
      const level = err instanceof BadWebhook ? 'warn' : 'error';
      metrics.webhookApologies.inc({ route: routeLabel(c.req.path) });
      logger[level]({ err, callSid: p.CallSid, path: c.req.path }, 'webhook could not be handled; answered with an apology');
      const q = c.req.query('lang');
      return xml(c, turns.apology(isLang(q) ? q : languageForNumber(p.CallSid ? p.From : undefined)));
    }
  };

  const requireCall = (p: Params) => {
    if (!p.CallSid) throw new BadWebhook('no CallSid');
    return p.CallSid;
  };

  app.post('/voice', safe(async (_c, p) => (requireCall(p), turns.incoming(p))));

  for (const node of NODES) {
    app.post(`/${node}`, safe(async (c, p) => {
      requireCall(p);
      const state = parseStateQuery(node, new URL(c.req.url).searchParams);
      if (!state) throw new BadWebhook(`malformed state in ${c.req.url}`);
      // A return after a recording or a staff call is its own step in the call's timeline.
      const stepName = state.after === 'recorded' ? 'voicemail' : state.after === 'dial' ? 'staff_call' : node;
      return turns.answer(state, stepName, inputOf(state.after, p), p);
    }));
  }

  app.post('/stream_end', safe(async (c, p) => {
    requireCall(p);
    const state = parseStateQuery('help', new URL(c.req.url).searchParams);
    if (!state) throw new BadWebhook(`malformed state in ${c.req.url}`);
    // The worker stores the leg's end reason before it closes the stream (which makes Twilio
    // request this action), so the reason read here is the one the leg ended with.
    const leg = await store.latestAiLeg(p.CallSid!);
    return turns.answer(state, 'stream_end', { type: 'ai_ended', then: aiLegContinuation(leg?.endReason ?? null) }, p);
  }));

  // A callback staff placed was answered (Url of calls.create, with synchronous AMD). The query
  // carries what the edge knew when it placed the call: language, order, our call id and the call
  // whose consent covers this one; Twilio signs it with the rest of the URL.
  app.post('/outbound', safe(async (c, p) => {
    const callSid = requireCall(p);
    const q = new URL(c.req.url).searchParams;
    const lang = q.get('lang');
    const order = q.get('o');
    const id = wholeNumber(q.get('call') ?? undefined);
    if (!isLang(lang) || (order !== null && !/^\d{1,32}$/.test(order)) || id === null) throw new BadWebhook(`malformed state in ${c.req.url}`);
    const call = await store.getCall(id);
    if (!call || call.direction !== 'outbound' || call.callSid !== callSid) throw new BadWebhook(`outbound webhook for unknown call ${id}`);
    // https://www.twilio.com/docs/voice/answering-machine-detection#webhook-parameters: any value
    // outside Twilio's list (or none: detection not asked) is `unknown`, which a person hears.
    const answeredBy = parseAnsweredBy(p.AnsweredBy);
    await store.setAnsweredBy(call.id, answeredBy);
    const source = wholeNumber(q.get('src') ?? undefined);
    if (answeredBy === 'human' || answeredBy === 'unknown') {
      // No consent question on a callback: the customer gave it on the call whose number was rung.
      await store.addCallEvent(callSid, {
        key: 'outbound:consent', kind: 'control', step: 'consent_from_call', text: source === null ? null : `#${source}`,
        detail: { sourceCallId: source }, at: clock(),
      });
    }
    return turns.outbound(lang, order, answeredBy, p);
  }));

  // https://www.twilio.com/docs/voice/api/call-resource#statuscallback
  app.post('/status', safe(async (c, p) => {
    if (p.CallSid && p.CallStatus) {
      await adoptStatusCallSid(store, c.req.query('call'), p);
      const at = clock();
      const durationS = wholeNumber(p.CallDuration);
      const fresh = await store.addCallEvent(p.CallSid, { key: `status:${p.CallStatus}`, kind: 'twilio_status', step: p.CallStatus, detail: { durationS }, at });
      const call = await store.applyCallStatus({ callSid: p.CallSid, twilioStatus: p.CallStatus, durationS, at });
      // Once per call: a retried callback repeats the event key and is not fresh.
      if (fresh && call?.endedAt) await logCallSummary(store, logger, call, p.CallStatus);
    }
    return renderEmpty();
  }));

  // https://www.twilio.com/docs/voice/twiml/record#recordingstatuscallback
  app.post('/recording', safe(async (_c, p) => {
    if (p.CallSid && p.RecordingSid && p.RecordingUrl && p.RecordingStatus) {
      const at = clock();
      const durationS = wholeNumber(p.RecordingDuration);
      await store.saveRecording({ callSid: p.CallSid, recordingSid: p.RecordingSid, url: p.RecordingUrl, status: p.RecordingStatus, durationS, at });
      await store.addCallEvent(p.CallSid, {
        key: `recording:${p.RecordingSid}:${p.RecordingStatus}`,
        kind: 'recording',
        step: p.RecordingStatus,
        detail: { recordingSid: p.RecordingSid, durationS },
        at,
      });
    }
    return renderEmpty();
  }));

  return app;
}
