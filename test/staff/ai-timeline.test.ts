import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app.ts';
import { walkCall } from '../helpers/sim.ts';
import { createStaff, signIn } from '../helpers/staff.ts';

describe('the call page and the AI leg', () => {
  it('shows when the AI leg started and why it ended, in the staff member\'s language, next to the conversation', async () => {
    const { app, store, config } = makeApp({ OPENAI_API_KEY: 'sk-test' });
    const r = await walkCall(app, config, '+447700900123', ['1', '4711#', '1', '2', '9']);
    const at = new Date();
    // What the worker records during and after the stream.
    await store.addCallEvent(r.callSid, { key: 'ai:started:MZ1', kind: 'ai', step: 'started', detail: { lang: 'en-GB' }, at });
    await store.addCallEvent(r.callSid, { key: 'ai:item1:user', kind: 'ai', step: 'user', text: 'Where is my parcel?', at });
    await store.addCallEvent(r.callSid, { key: 'ai:ended:MZ1', kind: 'ai', step: 'ended', detail: { reason: 'engine_dropped' }, at });
    await createStaff(store);
    const staff = await signIn(app);
    const call = (await store.getCallBySid(r.callSid))!;
    const en = await (await staff.get(`/calls/${call.id}`, { 'Accept-Language': 'en' })).text();
    expect(en).toContain('Connected to the AI assistant');
    expect(en).toContain('the AI service dropped the connection');
    expect(en).toContain('Where is my parcel?');
    const de = await (await staff.get(`/calls/${call.id}`, { 'Accept-Language': 'de', Cookie: `${Object.entries(staff.jar).map(([k, v]) => `${k}=${v}`).join('; ')}; lang=de` })).text();
    expect(de).toContain('KI-Dienst hat die Verbindung getrennt');
  });
});

describe('the call page and voice-message transcription', () => {
  it.each([
    [{}, 'transcription is off until an OpenAI key'],
    [{ OPENAI_API_KEY: 'sk-test' }, 'being transcribed'],
  ])('says why a voice message has no transcript yet (%o)', async (env, expected) => {
    const { app, store, config } = makeApp(env);
    const r = await walkCall(app, config, '+447700900123', ['1', '4711#', '1', '4']);
    await createStaff(store);
    const staff = await signIn(app);
    const call = (await store.getCallBySid(r.callSid))!;
    const page = await (await staff.get(`/calls/${call.id}`, { 'Accept-Language': 'en' })).text();
    expect(page).toContain(expected);
  });
});
