// Staff ring a consented caller back through the real app and the real `twilio` client, against the
// local fake of Twilio's REST API; then Twilio's answer webhook is driven with each AnsweredBy.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTwilioRest, type FakeTwilioRest } from '../fakes/fake-twilio-rest.ts';
import { makeApp, signedPost } from '../helpers/app.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { addCall } from '../staff/fixture.ts';

const OUR_NUMBER = '+4930999000';
const BASE = 'https://liza.example';
const AT = new Date();

let fake: FakeTwilioRest;
beforeEach(async () => {
  fake = await startFakeTwilioRest();
});
afterEach(async () => {
  await fake.close();
});

const twilioEnv = (extra: Record<string, string> = {}) => ({
  TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_AUTH_TOKEN: fake.authToken, TWILIO_API_BASE_URL: fake.baseUrl,
  TWILIO_PHONE_NUMBER: OUR_NUMBER, PUBLIC_BASE_URL: BASE, COMPANY_NAME: 'Acme', ...extra,
});

/** The hidden fields of the first form posting to `action`. */
function formFields(html: string, action: string): Record<string, string> | null {
  const at = html.indexOf(`action="${action}"`);
  if (at < 0) return null;
  const form = html.slice(at, html.indexOf('</form>', at));
  return Object.fromEntries([...form.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

async function setup(env: Record<string, string> = twilioEnv()) {
  const app = makeApp(env);
  await createStaff(app.store);
  const staff = await signIn(app.app);
  const consented = await addCall(app.store, { sid: 'CAin1', from: '+4915112345678', at: new Date(AT.getTime() - 3600_000), consent: true, order: '80001', endAfter: 60 });
  const declined = await addCall(app.store, { sid: 'CAin2', from: '+4915199999999', at: new Date(AT.getTime() - 1800_000), consent: false, endAfter: 20 });
  const order = (await app.store.getOrderByNumber('80001'))!;
  return { ...app, staff, consented, declined, order };
}

type Env = Awaited<ReturnType<typeof setup>>;

/** Presses "call back" on the order's page, as the browser would post that form. */
async function pressCallBack(env: Env, extra: Record<string, string> = {}) {
  const page = await (await env.staff.get(`/orders/${env.order.id}`)).text();
  const fields = formFields(page, `/orders/${env.order.id}/callback`);
  expect(fields, 'a call-back button on the order page').not.toBeNull();
  return { fields: fields!, res: await env.staff.postForm(`/orders/${env.order.id}/callback`, { ...fields!, ...extra }) };
}

const callCreates = () => fake.writes().filter((r) => /\/Calls\.json$/.test(r.path));

describe('callbacks from the staff pages', () => {
  it('places the exact REST request for the stored number, and a double click is one call', async () => {
    const env = await setup();
    // A free-typed number next to the form's fields changes nothing: only the stored one is rung.
    const { fields, res } = await pressCallBack(env, { to: '+19005550100', number: '+19005550100' });
    expect(fields.call).toBe(String(env.consented.id));
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    const newId = Number(/^\/calls\/(\d+)$/.exec(location)![1]);
    expect(callCreates()).toHaveLength(1);
    const [req] = callCreates();
    expect(req!.authorized).toBe(true);
    expect(req!.path).toBe(`/2010-04-01/Accounts/${fake.accountSid}/Calls.json`);
    expect(req!.form).toMatchObject({
      To: '+4915112345678', From: OUR_NUMBER, Method: 'POST', StatusCallback: `${BASE}/webhook/status?call=${newId}`, StatusCallbackMethod: 'POST', MachineDetection: 'DetectMessageEnd',
    });
    expect(req!.formAll.StatusCallbackEvent).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    const url = new URL(req!.form.Url!);
    expect(url.origin + url.pathname).toBe(`${BASE}/webhook/outbound`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ lang: 'de-DE', call: String(newId), src: String(env.consented.id), o: '80001' });

    const call = (await env.store.getCall(newId))!;
    expect(call).toMatchObject({ direction: 'outbound', placedBy: 'anna', fromFull: '+4915112345678', toNumber: OUR_NUMBER, callSid: [...fake.calls.keys()][0] });
    expect(await env.store.listAudit('call', newId)).toMatchObject([{ actor: 'anna', field: 'callback_placed', newValue: '80001' }]);
    const page = await (await env.staff.get(location)).text();
    expect(page).toContain('Rückruf (ausgehend)');
    expect(page).toMatch(/<strong>anna<\/strong> hat diesen Rückruf gestartet \(Bestellung 80001\)/);
    // The order page lists the callback among its calls, and the list filters by direction.
    expect(await (await env.staff.get(`/orders/${env.order.id}`)).text()).toContain(`href="/calls/${newId}"`);
    const list = await (await env.staff.get('/calls?direction=outbound')).text();
    expect(list).toContain(`href="/calls/${newId}"`);
    expect(list).not.toContain(`href="/calls/${env.consented.id}"`);
    // The CSV export says the same and honours the same filter (direction is the last column).
    const csv = (await (await env.staff.get('/calls.csv?direction=outbound')).text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv[0]!.split(',').at(-1)).toBe('direction');
    expect(csv.slice(1).map((l) => [l.split(',')[0], l.split(',').at(-1)])).toEqual([[String(newId), 'outbound']]);
    const inbound = (await (await env.staff.get('/calls.csv?direction=inbound')).text()).trim().split('\r\n').slice(1);
    expect(inbound.map((l) => l.split(',').at(-1)).sort()).toEqual(['inbound', 'inbound']);

    // The same form posted again (a double click): the same call, no second REST request.
    const again = await env.staff.postForm(`/orders/${env.order.id}/callback`, fields);
    expect([again.status, again.headers.get('location')]).toEqual([303, location]);
    expect(callCreates()).toHaveLength(1);
  });

  it('keeps an `initiated` status callback that reaches us before Twilio\'s answer to calls.create', async () => {
    const env = await setup();
    const status = (path: string, callSid: string, callStatus: string) => signedPost(env.app, env.config, path, {
      CallSid: callSid, CallStatus: callStatus, Direction: 'outbound-api', From: OUR_NUMBER, To: '+4915112345678', AccountSid: fake.accountSid,
    });
    let statusPath = '';
    const early: Array<Awaited<ReturnType<typeof status>>> = [];
    // Twilio posts `initiated` while our calls.create is still waiting for its answer (the CallSid
    // is not stored yet): the fake answers only after the app has handled that webhook.
    fake.beforeAnswerNext({
      method: 'POST', path: /\/Calls\.json$/,
      before: async (answer, form) => {
        const url = new URL(form.StatusCallback!);
        statusPath = url.pathname + url.search;
        early.push(await status(statusPath, (answer as { sid: string }).sid, 'initiated'));
      },
    });
    const { res } = await pressCallBack(env);
    expect(res.status).toBe(303);
    const id = Number(/^\/calls\/(\d+)$/.exec(res.headers.get('location')!)![1]);
    expect(early.map((r) => r.status)).toEqual([200]);
    const sid = [...fake.calls.keys()][0]!;
    expect(await env.store.getCall(id)).toMatchObject({ callSid: sid, direction: 'outbound' });
    const steps = async () => (await env.store.listCallEvents(id)).map((e) => `${e.kind}:${e.step}`).sort();
    expect(await steps()).toEqual(['control:callback_placed', 'twilio_status:initiated']);
    // Later events (and a retried `initiated`) file by CallSid as before; the retry adds nothing.
    // (Sorted: the timeline orders by time, and callback_placed may share the millisecond of `initiated`.)
    await status(statusPath, sid, 'initiated');
    await status(statusPath, sid, 'ringing');
    expect(await steps()).toEqual(['control:callback_placed', 'twilio_status:initiated', 'twilio_status:ringing']);
    // Our id in a signed URL replaces only a placeholder: an inbound call keeps its CallSid.
    await status(`/webhook/status?call=${env.consented.id}`, 'CAother', 'initiated');
    expect((await env.store.getCall(env.consented.id))!.callSid).toBe('CAin1');
  });

  it('offers no button to a caller who declined, and both endpoints refuse them', async () => {
    const env = await setup();
    const declinedPage = await (await env.staff.get(`/calls/${env.declined.id}`)).text();
    expect(formFields(declinedPage, `/calls/${env.declined.id}/callback`)).toBeNull();
    const consentedPage = await (await env.staff.get(`/calls/${env.consented.id}`)).text();
    const fields = formFields(consentedPage, `/calls/${env.consented.id}/callback`)!;
    expect(fields.key).toMatch(/^[0-9a-f-]{36}$/);
    const r1 = await env.staff.postForm(`/calls/${env.declined.id}/callback`, fields);
    expect(r1.status).toBe(409);
    expect(await r1.text()).toContain('kann nicht zurückgerufen werden');
    const { fields: orderFields } = { fields: formFields(await (await env.staff.get(`/orders/${env.order.id}`)).text(), `/orders/${env.order.id}/callback`)! };
    expect((await env.staff.postForm(`/orders/${env.order.id}/callback`, { ...orderFields, call: String(env.declined.id) })).status).toBe(409);
    expect(fake.writes()).toEqual([]);
    expect((await env.staff.postForm('/calls/999999/callback', fields)).status).toBe(404);
    expect((await env.staff.postForm('/orders/999999/callback', orderFields)).status).toBe(404);
  });

  it('shows Twilio\'s error code and message when it refuses, and keeps nothing', async () => {
    const env = await setup();
    fake.failNext({ method: 'POST', path: /\/Calls\.json$/, status: 400, code: 21215, message: 'Geo <Permission> not enabled' });
    const { res } = await pressCallBack(env);
    expect(res.status).toBe(502);
    const body = await res.text();
    expect(body).toContain('21215');
    expect(body).toContain('Geo &lt;Permission&gt; not enabled');
    expect((await env.store.listCalls({ direction: 'outbound' }, { offset: 0, limit: 10, countCap: 10 })).total).toBe(0);
    expect((await env.store.listCallsForOrder(env.order.id)).map((c) => c.direction)).toEqual(['inbound']);
  });

  it('without Twilio credentials shows no button and answers with the reason', async () => {
    const env = await setup({ PUBLIC_BASE_URL: BASE });
    const page = await (await env.staff.get(`/orders/${env.order.id}`)).text();
    expect(formFields(page, `/orders/${env.order.id}/callback`)).toBeNull();
    const res = await env.staff.postForm(`/orders/${env.order.id}/callback`, { _csrf: await env.staff.csrf(), key: crypto.randomUUID(), call: String(env.consented.id) });
    expect(res.status).toBe(409);
    // (makeApp sets a token; the account and the number are missing.)
    expect(await res.text()).toContain('TWILIO_ACCOUNT_SID, TWILIO_PHONE_NUMBER in der Konfiguration');
  });

  it('allows CALLBACK_LIMIT_PER_HOUR callbacks per staff user, then 429', async () => {
    const env = await setup(twilioEnv({ CALLBACK_LIMIT_PER_HOUR: '1' }));
    expect((await pressCallBack(env)).res.status).toBe(303);
    const second = await pressCallBack(env);
    expect(second.res.status).toBe(429);
    expect(await second.res.text()).toContain('höchstens 1 Rückrufe');
    expect(callCreates()).toHaveLength(1);
  });
});

describe('POST /webhook/outbound by AnsweredBy', () => {
  /** A placed callback and the signed path+query Twilio will request when it is answered. */
  async function placed(env: Env) {
    const { res } = await pressCallBack(env);
    expect(res.status).toBe(303);
    const req = callCreates().at(-1)!;
    const url = new URL(req.form.Url!);
    const sid = [...fake.calls.values()].find((c) => c.to === req.form.To && !('seen' in c))!;
    sid.seen = true;
    return { path: url.pathname + url.search, callSid: sid.sid, id: Number(url.searchParams.get('call')) };
  }
  const answer = (env: Env, p: { path: string; callSid: string }, answeredBy?: string) =>
    signedPost(env.app, env.config, p.path, {
      CallSid: p.callSid, From: OUR_NUMBER, To: '+4915112345678', CallStatus: 'in-progress', Direction: 'outbound-api',
      ...(answeredBy === undefined ? {} : { AnsweredBy: answeredBy }),
    });

  it('a person hears the greeting with the order read digit by digit, its status and the help menu', async () => {
    const env = await setup();
    for (const who of ['human', 'unknown', 'not_a_twilio_value', undefined]) {
      const p = await placed(env);
      const r = await answer(env, p, who);
      expect(r.status).toBe(200);
      expect(r.body).toContain('Hallo, hier ist Liza von Acme. Ich rufe wegen Ihrer Bestellung <say-as interpret-as="digits">80001</say-as>');
      expect(r.body).toContain('notiert');
      expect(r.body).toMatch(/<Gather[^>]*action="https:\/\/liza\.example\/webhook\/help\?[^"]*o=80001/);
      expect(r.body).toContain('Um den Status noch einmal zu hören');
      expect(r.body).not.toContain('drücken Sie die 1. Wenn nicht'); // no consent question
      expect((await env.store.getCall(p.id))!.answeredBy).toBe(who === 'human' ? 'human' : 'unknown');
      const events = await env.store.listCallEvents(p.id);
      expect(events.map((e) => e.step)).toEqual(['callback_placed', 'consent_from_call', 'outbound']);
      expect(events[1]).toMatchObject({ kind: 'control', detail: { sourceCallId: env.consented.id } });
    }
  });

  it('a machine after its greeting hears one short message and the call ends, never a stream', async () => {
    const env = await setup();
    for (const who of ['machine_end_beep', 'machine_end_silence', 'machine_end_other']) {
      const p = await placed(env);
      const r = await answer(env, p, who);
      expect(r.body).toContain('mit Neuigkeiten zu Ihrer Bestellung <say-as interpret-as="digits">80001</say-as>');
      expect(r.body).toContain('Bei Fragen rufen Sie uns bitte zurück.');
      expect(r.body).toMatch(/<Hangup\/><\/Response>$/);
      expect(r.body).not.toMatch(/<Connect|<Stream|<Gather/);
      expect((await env.store.getCall(p.id))!.answeredBy).toBe(who);
    }
  });

  it('the start of a machine greeting or a fax: hung up at once, and marked', async () => {
    const env = await setup();
    for (const who of ['machine_start', 'fax']) {
      const p = await placed(env);
      const r = await answer(env, p, who);
      expect(r.body).toMatch(/<Response><Hangup\/><\/Response>$/);
      expect((await env.store.getCall(p.id))!.answeredBy).toBe(who);
      const page = await (await env.staff.get(`/calls/${p.id}`)).text();
      expect(page).toContain(who === 'fax' ? 'einem Faxgerät (sofort beendet)' : 'einem Anrufbeantworter (sofort beendet)');
    }
  });

  it('speaks the customer\'s language, and refuses an unsigned or forged request', async () => {
    const app = makeApp(twilioEnv());
    await createStaff(app.store);
    const staff = await signIn(app.app);
    const uk = await addCall(app.store, { sid: 'CAuk', from: '+447700900123', at: new Date(AT.getTime() - 600_000), lang: 'en-GB', consent: true, order: '4242', endAfter: 30 });
    const env = { ...app, staff, consented: uk, declined: uk, order: (await app.store.getOrderByNumber('4242'))! };
    const p = await placed(env);
    const r = await answer(env, p, 'human');
    expect(r.body).toContain('Hello, this is Liza from Acme, calling about your order <say-as interpret-as="digits">4242</say-as>');
    expect(r.body).toContain('language="en-GB"');
    const forged = await signedPost(env.app, env.config, p.path.replace('o=4242', 'o=9999'), { CallSid: p.callSid }, { signature: 'bogus' });
    expect(forged.status).toBe(403);
  });
});
