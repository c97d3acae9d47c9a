// Live call control from the staff pages: hang up and pass to staff, through the real `twilio`
// client against the local fake of Twilio's REST API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTwilioRest, type FakeTwilioRest } from '../fakes/fake-twilio-rest.ts';
import { makeApp } from '../helpers/app.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { addCall } from '../staff/fixture.ts';

const STAFF = '+4930555000';
let fake: FakeTwilioRest;
beforeEach(async () => {
  fake = await startFakeTwilioRest();
});
afterEach(async () => {
  await fake.close();
});

async function setup(extra: Record<string, string> = {}) {
  const env = makeApp({
    TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_AUTH_TOKEN: fake.authToken, TWILIO_API_BASE_URL: fake.baseUrl,
    TWILIO_PHONE_NUMBER: '+4930999000', PUBLIC_BASE_URL: 'https://liza.example', STAFF_PHONE_NUMBER: STAFF, ...extra,
  });
  await createStaff(env.store);
  const staff = await signIn(env.app);
  const live = await addCall(env.store, { sid: 'CAlive', from: '+4915112345678', at: new Date(Date.now() - 60_000), consent: true, order: '80001' });
  fake.addLiveCall('CAlive');
  const ended = await addCall(env.store, { sid: 'CAdone', from: '+4915100000002', at: new Date(Date.now() - 600_000), consent: true, endAfter: 30 });
  return { ...env, staff, live, ended };
}
const updates = (sid: string) => fake.writes().filter((r) => r.path.endsWith(`/Calls/${sid}.json`));

describe('live call control', () => {
  it('passes a live call to staff: "connecting you" and a Dial whose end returns to the help menu', async () => {
    const env = await setup();
    const page = await (await env.staff.get(`/calls/${env.live.id}`)).text();
    expect(page).toContain(`action="/calls/${env.live.id}/hangup"`);
    expect(page).toContain(`action="/calls/${env.live.id}/transfer"`);
    const res = await env.staff.postForm(`/calls/${env.live.id}/transfer`, { _csrf: await env.staff.csrf() });
    expect([res.status, res.headers.get('location')]).toEqual([303, `/calls/${env.live.id}?done=call_transferred`]);
    const [req] = updates('CAlive');
    expect(req!.authorized).toBe(true);
    const twiml = req!.form.Twiml!;
    expect(twiml).toContain('Einen Moment bitte, ich verbinde Sie mit unserem Team.');
    expect(twiml).toMatch(new RegExp(`<Dial action="https://liza\\.example/webhook/help\\?[^"]*after=dial[^"]*"[^>]*>${STAFF.replace('+', '\\+')}</Dial>`));
    expect(twiml).toContain('o=80001');
    expect(await env.store.listAudit('call', env.live.id)).toMatchObject([{ actor: 'anna', field: 'transfer', newValue: STAFF }]);
    const ev = (await env.store.listCallEvents(env.live.id)).at(-1)!;
    expect(ev).toMatchObject({ kind: 'control', step: 'transfer', detail: { actor: 'anna', next: 'dial', fromAi: false } });
    // The live panel shows the caller with staff now.
    const [liveCall] = await env.store.listLiveCalls(new Date(Date.now() - 3600_000), 10);
    expect(liveCall!.place).toEqual({ kind: 'staff' });
  });

  it('transferring a caller in the AI conversation ends the AI leg for that reason', async () => {
    const env = await setup();
    await env.store.addCallEvent('CAlive', { key: 'ivr:9', kind: 'ivr', step: 'help', digits: '2', detail: { outcome: 'pressed_2', next: 'connect_ai' }, at: new Date() });
    expect(await env.store.startAiLeg({ callSid: 'CAlive', streamSid: 'MZlive', at: new Date() })).toBe(true);
    const res = await env.staff.postForm(`/calls/${env.live.id}/transfer`, { _csrf: await env.staff.csrf() });
    expect(res.status).toBe(303);
    expect((await env.store.listCallEvents(env.live.id)).at(-1)).toMatchObject({ step: 'transfer', detail: { fromAi: true } });
    // Written before Twilio got the new TwiML: the worker's "hangup" when the stream closes comes second and loses.
    expect((await env.store.latestAiLeg('CAlive'))?.endReason).toBe('staff_transfer');
    expect(await env.store.endAiLeg('MZlive', 'hangup', new Date())).toBe('staff_transfer');
    expect(updates('CAlive')[0]!.form.Twiml).not.toContain('<Connect');
  });

  it('hangs up a live call; Twilio\'s 20404 (already over) counts as done', async () => {
    const env = await setup();
    const res = await env.staff.postForm(`/calls/${env.live.id}/hangup`, { _csrf: await env.staff.csrf() });
    expect([res.status, res.headers.get('location')]).toEqual([303, `/calls/${env.live.id}?done=call_hung_up`]);
    expect(updates('CAlive')[0]!.form).toEqual({ Status: 'completed' });
    expect(fake.calls.get('CAlive')!.status).toBe('completed');
    // Our status callback has not arrived yet, so the page still offers it; Twilio answers 20404.
    const again = await env.staff.postForm(`/calls/${env.live.id}/hangup`, { _csrf: await env.staff.csrf() });
    expect([again.status, again.headers.get('location')]).toEqual([303, `/calls/${env.live.id}?done=call_already_ended`]);
    expect(updates('CAlive').map((r) => r.status)).toEqual([200, 404]);
    expect((await env.store.listAudit('call', env.live.id)).map((a) => a.field)).toEqual(['hangup', 'hangup']);
    expect(await (await env.staff.get(again.headers.get('location')!)).text()).toContain('Der Anruf war bereits beendet.');
  });

  it('a call that is not live has no buttons and the endpoints answer 409; unknown ids 404', async () => {
    const env = await setup();
    const page = await (await env.staff.get(`/calls/${env.ended.id}`)).text();
    expect(page).not.toContain(`/calls/${env.ended.id}/hangup`);
    for (const action of ['hangup', 'transfer']) {
      const r = await env.staff.postForm(`/calls/${env.ended.id}/${action}`, { _csrf: await env.staff.csrf() });
      expect(r.status).toBe(409);
      expect(await r.text()).toContain('Der Anruf läuft nicht');
      expect((await env.staff.postForm(`/calls/424242/${action}`, { _csrf: await env.staff.csrf() })).status).toBe(404);
    }
    expect(fake.writes()).toEqual([]);
  });

  it('without STAFF_PHONE_NUMBER there is no transfer button and the endpoint says why; a Twilio error is shown', async () => {
    const env = await setup({ STAFF_PHONE_NUMBER: '' });
    const page = await (await env.staff.get(`/calls/${env.live.id}`)).text();
    expect(page).toContain(`/calls/${env.live.id}/hangup`);
    expect(page).not.toContain(`/calls/${env.live.id}/transfer`);
    const r = await env.staff.postForm(`/calls/${env.live.id}/transfer`, { _csrf: await env.staff.csrf() });
    expect(r.status).toBe(409);
    expect(await r.text()).toContain('STAFF_PHONE_NUMBER');
    fake.failNext({ path: /\/Calls\/CAlive\.json$/, status: 500, code: 20500, message: 'Internal Server Error' });
    const failed = await env.staff.postForm(`/calls/${env.live.id}/hangup`, { _csrf: await env.staff.csrf() });
    expect(failed.status).toBe(502);
    expect(await failed.text()).toContain('20500');
    expect(await env.store.listAudit('call', env.live.id)).toEqual([]);
  });

  it('the live panel offers hang-up and transfer for each caller on the line', async () => {
    const env = await setup();
    const dash = await (await env.staff.get('/')).text();
    expect(dash).toContain(`action="/calls/${env.live.id}/hangup"`);
    expect(dash).toContain(`action="/calls/${env.live.id}/transfer"`);
    expect(dash).not.toContain(`action="/calls/${env.ended.id}/hangup"`);
  });
});
