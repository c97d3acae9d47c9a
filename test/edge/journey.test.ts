import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app.ts';
import { walkCall } from '../helpers/sim.ts';

const DE = '+4915112345678';
const GB = '+447700900123';
const US = '+12025550143';

async function callEvents(store: ReturnType<typeof makeApp>['store'], callSid: string) {
  const call = (await store.getCallBySid(callSid))!;
  return { call, events: await store.listCallEvents(call.id) };
}

describe('the caller journey through signed webhooks', () => {
  it.each([
    // A number the shop never sent: saved as received, but the caller hears that it was noted.
    [DE, 'de-DE', 'Hier spricht Liza', 'Ich habe mir die Bestellnummer 4 7 1 1 notiert. Unser Team prüft sie', 'For English, press 8.'],
    [GB, 'en-GB', 'This is Liza', "I've noted order number 4 7 1 1. Our team will check it and get back to you.", 'Für Deutsch drücken Sie die 8.'],
    [US, 'en-US', 'This is Liza', "I've made a note of order number 4 7 1 1. Our team will look into it", 'Für Deutsch drücken Sie die 8.'],
  ])('from %s: %s prompts, order saved as received, the honest status said', async (from, lang, hello, status, offer) => {
    // Each webhook is a minute after the one before (a pinned clock, so the times are exact).
    const start = new Date('2026-11-21T09:00:00Z');
    let minutes = 0;
    const { app, store, config } = makeApp({}, () => new Date(start.getTime() + minutes++ * 60_000));
    const r = await walkCall(app, config, from, ['1', '4711#', '1', '9']);
    // Everything in the caller's language but the offer of the other one, spoken in that one.
    expect(r.said.filter((s) => s.lang !== lang).map((s) => s.text)).toEqual([offer]);
    expect(r.said[0]!.text).toContain(hello);
    expect(r.said[0]!.text).toContain('Liza Demo GmbH');
    expect(r.text).toContain(status);
    expect(r.text).toContain('4 7 1 1');
    expect(r.ended).toBe('hangup');
    const order = (await store.getOrderByNumber('4711'))!;
    expect(order.status).toBe('received');
    const { call, events } = await callEvents(store, r.callSid);
    expect(call.language).toBe(lang);
    expect(call.startedAt).toEqual(start);
    expect(call.endedAt!.getTime()).toBeGreaterThan(call.startedAt.getTime());
    expect(call.status).toBe('completed');
    expect(call.fromFull).toBe(from);
    expect(await store.getConsent(call.id)).toMatchObject({ given: true });
    expect((await store.listOrdersForCall(call.id)).map((o) => o.number)).toEqual(['4711']);
    expect(events.map((e) => e.step)).toEqual(['voice', 'consent', 'order', 'order_confirm', 'help', 'completed']);
    expect(events.map((e) => e.digits)).toEqual([null, '1', '4711', '1', '9', null]);
  });

  it('withheld numbers are greeted in German', async () => {
    const { app, config } = makeApp();
    const r = await walkCall(app, config, 'anonymous', ['2']);
    expect(r.said[0]!.lang).toBe('de-DE');
  });

  it('a declined consent hangs up and keeps no full caller number', async () => {
    const { app, store, config } = makeApp();
    const r = await walkCall(app, config, DE, ['2']);
    expect(r.said.at(-1)!.text).toContain('Ohne Ihre Einwilligung');
    expect(r.ended).toBe('hangup');
    const { call, events } = await callEvents(store, r.callSid);
    expect(call.fromFull).toBeNull();
    expect(call.fromMasked).not.toContain('12345678');
    expect(call.fromMasked).toMatch(/^\+49 .*78$/);
    expect(await store.getConsent(call.id)).toMatchObject({ given: false });
    expect(JSON.stringify(events)).not.toContain('15112345678');
  });

  it('no answer to the consent question three times: goodbye', async () => {
    const { app, store, config } = makeApp();
    const r = await walkCall(app, config, GB, [null, '7', '#']);
    expect(r.said.filter((s) => s.text.includes("If that's all right, press 1"))).toHaveLength(3);
    expect(r.said.at(-1)!.text).toContain("I'll end the call here");
    const { call } = await callEvents(store, r.callSid);
    expect(await store.getConsent(call.id)).toBeNull();
    expect(call.fromFull).toBeNull();
  });

  it('explains each invalid order number, then offers help after the third', async () => {
    const { app, store, config } = makeApp();
    const r = await walkCall(app, config, GB, ['1', '#', '123#', '12345678901234567890#', '9']);
    expect(r.text).toContain("I didn't get an order number");
    expect(r.text).toContain('too short');
    expect(r.text).toContain('too long');
    expect(r.text).toContain("Sorry, that didn't work");
    expect(r.said.at(-2)!.text).toContain('How else can I help?');
    expect(await store.getOrderByNumber('123')).toBeNull();
  });

  it('rejects a * in the order number', async () => {
    const { app, config } = makeApp();
    const r = await walkCall(app, config, GB, ['1', '12*45#', '4711#', '1', '9']);
    expect(r.text).toContain('digits only, so please leave out the star key');
  });

  it('re-entry: 2 at the read-back asks again and only the confirmed number is saved', async () => {
    const { app, store, config } = makeApp();
    const r = await walkCall(app, config, DE, ['1', '1111#', '2', '2222#', '1', '9']);
    expect(r.text).toContain('1 1 1 1');
    expect(r.text).toContain('2 2 2 2');
    expect(await store.getOrderByNumber('1111')).toBeNull();
    expect(await store.getOrderByNumber('2222')).not.toBeNull();
  });

  it('an existing order: its real status is said, and the second caller is linked to it', async () => {
    const { app, store, config } = makeApp();
    await walkCall(app, config, DE, ['1', '5555#', '1', '9']);
    const order = (await store.getOrderByNumber('5555'))!;
    // Staff move it along, as the staff pages do.
    await store.setOrderStatus(order.id, 'shipped', 'staff', new Date());
    const r = await walkCall(app, config, GB, ['1', '5555#', '1', '1', '9']);
    expect(r.said.filter((s) => s.text.includes('has been dispatched'))).toHaveLength(2);
    const { call } = await callEvents(store, r.callSid);
    expect((await store.listOrdersForCall(call.id))[0]!.id).toBe(order.id);
    expect((await store.getOrderByNumber('5555'))!.status).toBe('shipped');
  });

  it('help 2 without OPENAI_API_KEY: not offered, and a polite "not available" when pressed', async () => {
    const { app, config } = makeApp();
    const r = await walkCall(app, config, GB, ['1', '4711#', '1', '2', '9']);
    expect(r.text).not.toContain('To talk to our AI assistant');
    expect(r.text).toContain("isn't available");
    expect(r.requests.some((q) => q.url.includes('stream_end'))).toBe(false);
  });

  it('help 2 with OPENAI_API_KEY connects the media stream and returns to the menu afterwards', async () => {
    const { app, config } = makeApp({ OPENAI_API_KEY: 'sk-test', PUBLIC_MEDIA_URL: 'wss://liza.example/media' });
    const r = await walkCall(app, config, DE, ['1', '4711#', '1', '2', '9']);
    expect(r.text).toContain('drücken Sie die 2');
    const note = r.requests.find((q) => q.url.includes('/webhook/stream_end'));
    expect(note).toBeDefined();
    expect(r.text).toContain('Sie sind wieder im Menü');
  });

  it('help 3 dials staff only when STAFF_PHONE_NUMBER is set', async () => {
    const without = makeApp();
    const r1 = await walkCall(without.app, without.config, GB, ['1', '4711#', '1', '3', '9']);
    expect(r1.text).not.toContain('member of our team');
    expect(r1.text).toContain('not one of the options');
    const withStaff = makeApp({ STAFF_PHONE_NUMBER: '+4930555000' });
    const r2 = await walkCall(withStaff.app, withStaff.config, GB, ['1', '4711#', '1', '3', '9'], { dialAnswered: false });
    expect(r2.text).toContain('putting you through to our team');
    expect(r2.text).toContain('nobody from our team is available');
    const r3 = await walkCall(withStaff.app, withStaff.config, GB, ['1', '4711#', '1', '3'], { dialAnswered: true });
    expect(r3.said.at(-1)!.text).toContain('Goodbye');
  });

  it('help 4 records a voice message, stores it and queues its transcription', async () => {
    const { app, store, config } = makeApp();
    const r = await walkCall(app, config, DE, ['1', '4711#', '1', '4']);
    expect(r.text).toContain('nach dem Signalton');
    expect(r.said.at(-1)!.text).toContain('Vielen Dank für Ihre Nachricht');
    const { call } = await callEvents(store, r.callSid);
    const [rec] = await store.listRecordingsForCall(call.id);
    expect(rec).toMatchObject({ status: 'completed', durationS: 7 });
    expect(await store.listTranscriptsForCall(call.id)).toMatchObject([{ status: 'pending', recordingId: rec!.id }]);
    const job = await store.enqueueJob({ kind: 'transcribe', payload: {}, dedupeKey: `transcribe:${rec!.recordingSid}` });
    expect(job.payload).toEqual({ recordingId: rec!.id, callId: call.id, callSid: r.callSid });
  });

  it('help 1 before any order number asks for one', async () => {
    const { app, config } = makeApp();
    const r = await walkCall(app, config, GB, ['1', '#', '#', '#', '1', '4711#', '1', '9']);
    expect(r.text).toContain("I don't have your order number yet");
    expect(r.text).toContain('4 7 1 1');
  });

  it('help: nothing pressed asks again, and the third silence says goodbye', async () => {
    const { app, config } = makeApp();
    const r = await walkCall(app, config, GB, ['1', '4711#', '1', null, null, null]);
    expect(r.said.filter((s) => s.text.startsWith("Sorry, I didn't hear a choice. How else can I help?"))).toHaveLength(2);
    expect(r.said.at(-1)!.text).toBe("Sorry, I didn't hear a choice. I'll end the call here. Thanks for calling, goodbye.");
    expect(r.ended).toBe('hangup');
  });
});
