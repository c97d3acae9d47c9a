// Staff act on calls through Twilio's REST API: ring a consented caller back (from an order's or a
// call's page), hang up a live call, pass it to STAFF_PHONE_NUMBER. Each answer is a page: 303 on
// success, else a status with the reason (404 unknown id, 409 not possible now, 429 over the limit,
// 502 Twilio refused). Only a stored, consented number is ever rung: no form takes a typed one.
import { Hono, type Context } from 'hono';
import type { Call, Order } from '../../../domain/index.ts';
import { ControlRefusedPage } from '../../../views/call-control.tsx';
import { ErrorPage } from '../../../views/error.tsx';
import { maskNumber } from '../../../telephony/phone.ts';
import { callControlOff, createTwilioCalls, type RestOutcome } from '../../call-control/twilio-calls.ts';
import { createIvrTurns } from '../../ivr-turn.ts';
import type { StaffEnv } from '../../middleware/session.ts';
import type { AppDeps } from '../../types.ts';
import { callbackSources, isLive, liveDetail } from '../../call-control/eligibility.ts';
import { callbackStatusUrl } from '../../call-control/status-match.ts';
import { html, idParam, uiOf } from './render.ts';

type Ctx = Context<StaffEnv>;
/** The form's one-time key (crypto.randomUUID() at render). */
const KEY = /^[A-Za-z0-9-]{16,64}$/;

export function callControlRoutes(deps: AppDeps) {
  const { store, config, logger } = deps;
  const now = deps.clock ?? (() => new Date());
  const twilio = createTwilioCalls(config);
  const turns = createIvrTurns(deps);
  const app = new Hono<StaffEnv>();

  const notFound = (c: Ctx) => html(c, <ErrorPage ui={uiOf(c)} status={404} reason="not_found" />, 404);
  const refused = (c: Ctx, status: 400 | 409 | 429 | 502, reason: string, vars: Record<string, string | number> = {}, back = '/') =>
    html(c, <ControlRefusedPage ui={uiOf(c)} status={status} reason={reason} vars={vars} back={back} />, status);
  const offReason = (c: Ctx, back: string) => {
    const missing = callControlOff(config);
    return missing ? refused(c, 409, 'control_off', { vars: missing.join(', ') }, back) : null;
  };
  const twilioFailed = (c: Ctx, r: Extract<RestOutcome<unknown>, { ok: false }>, back: string) =>
    refused(c, 502, 'twilio_failed', { code: r.code ?? '–', message: r.message }, back);

  /** Places the callback to `source`'s stored number, about `order`; one call per form key. */
  async function placeCallback(c: Ctx, source: Call, order: Order | null, back: string) {
    const body = await c.req.parseBody();
    const key = typeof body.key === 'string' ? body.key : '';
    if (!KEY.test(key)) return refused(c, 400, 'callback_key', {}, back);
    const actor = c.get('session')!.username;
    const at = now();
    const r = await store.reserveCallback({
      key, placedBy: actor, sourceCallId: source.id, orderId: order?.id ?? null, toFull: source.fromFull!, toMasked: maskNumber(source.fromFull!),
      fromNumber: config.twilio.phoneNumber!, language: source.language, at, limitPerHour: config.callbackLimitPerHour,
    });
    if (r.kind === 'limited') return refused(c, 429, 'callback_limit', { limit: config.callbackLimitPerHour }, back);
    // A double click (or a reload of the form's answer): the call the first click placed.
    if (r.kind === 'duplicate') return c.redirect(`/calls/${r.call.id}`, 303);
    const q = new URLSearchParams({ lang: source.language, call: String(r.call.id), src: String(source.id) });
    if (order) q.set('o', order.number);
    const placed = await twilio.create({
      to: source.fromFull!,
      from: config.twilio.phoneNumber!,
      url: `${config.publicBaseUrl}/webhook/outbound?${q}`,
      statusCallback: callbackStatusUrl(config.publicBaseUrl, r.call.id),
    });
    if (!placed.ok) {
      await store.abandonCallback(r.call.id);
      logger.warn({ callId: source.id, code: placed.code, status: placed.status }, 'callback refused by Twilio');
      return twilioFailed(c, placed, back);
    }
    await store.confirmCallback(r.call.id, placed.value.sid, { actor, at, text: order?.number ?? null, detail: { sourceCallId: source.id, order: order?.number ?? null } });
    logger.info({ callSid: placed.value.sid, sourceCallId: source.id }, 'callback placed');
    return c.redirect(`/calls/${r.call.id}`, 303);
  }

  app.post('/orders/:id/callback', async (c) => {
    const id = idParam(c.req.param('id'));
    const order = id ? await store.getOrder(id) : null;
    if (!order) return notFound(c);
    const back = `/orders/${order.id}`;
    const off = offReason(c, back);
    if (off) return off;
    const body = await c.req.parseBody();
    const callId = idParam(typeof body.call === 'string' ? body.call : undefined);
    const source = (await callbackSources(store, await store.listCallsForOrder(order.id))).find((s) => s.id === callId);
    if (!source) return refused(c, 409, 'not_callable', {}, back);
    return placeCallback(c, source, order, back);
  });

  /** The call of the path, once call control is on: else the 404 or 409 page to answer with. */
  async function callOf(c: Ctx): Promise<{ call: Call; back: string } | Response> {
    const id = idParam(c.req.param('id'));
    const call = id ? await store.getCall(id) : null;
    if (!call) return notFound(c);
    const back = `/calls/${call.id}`;
    return offReason(c, back) ?? { call, back };
  }

  app.post('/calls/:id/callback', async (c) => {
    const found = await callOf(c);
    if (found instanceof Response) return found;
    const { call, back } = found;
    const [source] = await callbackSources(store, [call]);
    if (!source) return refused(c, 409, 'not_callable', {}, back);
    const [order] = await store.listOrdersForCall(call.id);
    return placeCallback(c, source, order ?? null, back);
  });

  /** A live call's control: 404 unknown, 409 off or not live, 502 Twilio refused; 20404 counts as done. */
  const control = (action: 'hangup' | 'transfer') => async (c: Ctx) => {
    const found = await callOf(c);
    if (found instanceof Response) return found;
    const { call, back } = found;
    if (action === 'transfer' && !config.staffPhoneNumber) return refused(c, 409, 'transfer_off', {}, back);
    if (!isLive(call, now())) return refused(c, 409, 'not_live', {}, back);
    const place = await liveDetail(store, call);
    const [order] = await store.listOrdersForCall(call.id);
    // Staff taking a caller out of the AI conversation: the leg's end reason is written before Twilio
    // gets the new TwiML, because the stream's close reaches the worker moments later and its
    // "hangup" would otherwise be the first (and so the lasting) reason (store: first write wins).
    if (action === 'transfer' && place.kind === 'ai') await store.endOpenAiLegOfCall(call.callSid, 'staff_transfer', now());
    const r = await twilio.update(call.callSid, action === 'hangup' ? { status: 'completed' } : { twiml: turns.transferTwiml(call.language, call.callSid, order?.number ?? null) });
    // Twilio's 20404: the call is not there (any more), i.e. it ended before staff pressed.
    const alreadyOver = !r.ok && r.code === 20404;
    if (!r.ok && !alreadyOver) return twilioFailed(c, r, back);
    const actor = c.get('session')!.username;
    await store.recordCallControl({
      callId: call.id, action, actor, at: now(),
      text: action === 'transfer' ? config.staffPhoneNumber : null,
      // `next` tells the live panel where the caller went (domain/live.ts); `fromAi`: the AI leg
      // ended because staff took the call over.
      detail: alreadyOver ? { alreadyEnded: true } : { next: action === 'hangup' ? 'hangup' : 'dial', fromAi: place.kind === 'ai' },
    });
    return c.redirect(`/calls/${call.id}?done=${alreadyOver ? 'call_already_ended' : action === 'hangup' ? 'call_hung_up' : 'call_transferred'}`, 303);
  };
  app.post('/calls/:id/hangup', control('hangup'));
  app.post('/calls/:id/transfer', control('transfer'));

  return app;
}
