// The caller's language choice, end to end through the signed webhooks: the greeting offers the
// other language on 8 (spoken in that language), and after the switch every <Say>, the call's
// stored language and the AI leg's `lang` parameter follow it.
import { describe, expect, it } from 'vitest';
import { placeCall } from '../../src/sim/call.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';
import { parseTwiml, type SimVerb } from '../../src/sim/twiml-parse.ts';
import { makeApp } from '../helpers/app.ts';

type Say = Extract<SimVerb, { kind: 'say' }>;

/** A call through the app that keeps every TwiML document Liza answered, in order. */
async function callKeepingTwiml(env: ReturnType<typeof makeApp>, from: string, keys: Array<string | null>) {
  const docs: Array<{ url: string; verbs: SimVerb[] }> = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    const res = await env.app.request(url, init);
    const body = await res.text();
    if (!url.endsWith('/webhook/status')) docs.push({ url, verbs: parseTwiml(body) });
    return new Response(body, { status: res.status, headers: res.headers });
  }) as typeof globalThis.fetch;
  const caller = scriptedCaller(keys);
  const result = await placeCall({ publicBaseUrl: env.config.publicBaseUrl, authToken: env.config.twilio.authToken, from, fetch }, caller);
  expect(caller.remaining()).toBe(0);
  return { result, docs };
}

const saysOf = (verbs: SimVerb[]): Say[] => verbs.flatMap((v) => (v.kind === 'say' ? [v] : v.kind === 'gather' ? v.says : []));

describe('choosing the language at the consent question', () => {
  const env = () => makeApp({ OPENAI_API_KEY: 'sk-test', PUBLIC_MEDIA_URL: 'wss://liza.example/media', VOICE_DE: 'Polly.Vicki-Neural', VOICE_EN_GB: 'Polly.Amy-Neural' });

  it('a German caller hears "For English, press 8" in English; after 8 every <Say> and the AI leg are English', async () => {
    const e = env();
    const { result, docs } = await callKeepingTwiml(e, '+4915112345678', ['8', '1', '4711#', '1', '2', '9']);
    // The greeting: German, with the English offer in an English voice.
    expect(saysOf(docs[0]!.verbs).map((s) => [s.lang, s.voice, s.text.slice(0, 40)])).toEqual([
      ['de-DE', 'Polly.Vicki-Neural', 'Liza Demo GmbH, guten Tag! Hier spricht '],
      ['en-GB', 'Polly.Amy-Neural', 'For English, press 8.'],
    ]);
    // Every later document speaks British English, except the offer to switch back.
    const later = docs.slice(1).flatMap((d) => saysOf(d.verbs));
    expect(later.length).toBeGreaterThan(5);
    expect(later.filter((s) => s.lang !== 'en-GB').map((s) => [s.lang, s.voice, s.text])).toEqual([['de-DE', 'Polly.Vicki-Neural', 'Für Deutsch drücken Sie die 8.']]);
    expect(later.every((s) => s.lang !== 'en-GB' || s.voice === 'Polly.Amy-Neural')).toBe(true);
    expect(later[0]!.text).toMatch(/^Thank you for calling Liza Demo GmbH\. This is Liza/);
    expect(result.said.map((s) => s.text).join('\n')).toContain("I've noted order number 4 7 1 1.");
    // The AI leg is told the chosen language.
    const connect = docs.flatMap((d) => d.verbs).find((v): v is Extract<SimVerb, { kind: 'connect' }> => v.kind === 'connect')!;
    expect(connect.params).toMatchObject({ lang: 'en-GB', order: '4711', call: result.callSid });
    expect(connect.action).toContain('lang=en-GB');
    // The call is English from then on: its row, and the timeline's turns.
    const call = (await e.store.getCallBySid(result.callSid))!;
    expect(call.language).toBe('en-GB');
    const events = await e.store.listCallEvents(call.id);
    expect(events.filter((ev) => ev.kind === 'ivr').map((ev) => [ev.step, ev.detail?.outcome, ev.detail?.lang])).toEqual([
      ['voice', 'greeting', 'de-DE'],
      ['consent', 'language_switched', 'en-GB'],
      ['consent', 'pressed_1', 'en-GB'],
      ['order', 'entered', 'en-GB'],
      ['order_confirm', 'order_noted', 'en-GB'],
      ['help', 'pressed_2', 'en-GB'],
      ['stream_end', 'ai_ended', 'en-GB'],
      ['help', 'pressed_9', 'en-GB'],
    ]);
  });

  it('a US caller switching to German and back hears American English again (the pound key)', async () => {
    const e = env();
    const { result, docs } = await callKeepingTwiml(e, '+12025550143', ['8', '8', '1', null, '1234#', '1', '9']);
    expect(saysOf(docs[1]!.verbs).map((s) => s.lang)).toEqual(['de-DE', 'en-US']);
    const afterBack = docs.slice(2).flatMap((d) => saysOf(d.verbs));
    expect(afterBack.filter((s) => s.lang !== 'en-US').map((s) => s.text)).toEqual(['Für Deutsch drücken Sie die 8.']);
    const text = result.said.map((s) => s.text).join('\n');
    expect(text).toContain('followed by the pound key');
    expect(text).not.toMatch(/\bhash\b/);
    expect((await e.store.getCallBySid(result.callSid))!.language).toBe('en-US');
  });

  it('British callers hear the hash key, American callers the pound key', async () => {
    const e = env();
    const gb = (await callKeepingTwiml(e, '+447700900123', ['1', null, null, null, '4'])).result.said.map((s) => s.text).join('\n');
    const us = (await callKeepingTwiml(e, '+12025550143', ['1', null, null, null, '4'])).result.said.map((s) => s.text).join('\n');
    expect(gb).toContain('then press the hash key');
    expect(gb).toContain('press the hash key or simply hang up');
    expect(gb).not.toMatch(/\bpound\b/);
    expect(us).toContain('followed by the pound key');
    expect(us).toContain('press the pound key or just hang up');
    expect(us).not.toMatch(/\bhash\b/);
  });
});

describe('the greeting sentence', () => {
  it('GREETING_DE and GREETING_EN replace the default, with the company name put in', async () => {
    const e = makeApp({ COMPANY_NAME: 'Bäckerei Schmidt', GREETING_DE: 'Willkommen bei der {company}!', GREETING_EN: 'Welcome to {company}.' });
    const de = await callKeepingTwiml(e, '+4915112345678', ['2']);
    expect(de.result.said[0]!.text).toMatch(/^Willkommen bei der Bäckerei Schmidt! Damit ich Ihnen helfen kann/);
    const us = await callKeepingTwiml(e, '+12025550143', ['2']);
    expect(us.result.said[0]!.text).toMatch(/^Welcome to Bäckerei Schmidt\. To help you/);
  });

  it('the defaults need no article, so any company name reads right', async () => {
    const e = makeApp({ COMPANY_NAME: 'Müller & Söhne' });
    const de = await callKeepingTwiml(e, '+4915112345678', ['2']);
    expect(de.result.said[0]!.text).toMatch(/^Müller & Söhne, guten Tag! Hier spricht Liza/);
    const gb = await callKeepingTwiml(e, '+447700900123', ['2']);
    expect(gb.result.said[0]!.text).toMatch(/^Thank you for calling Müller & Söhne\. This is Liza/);
  });

  it('refuses a greeting with an unknown placeholder at start, naming the variable', () => {
    expect(() => makeApp({ GREETING_DE: 'Willkommen bei {firma}' })).toThrow(/GREETING_DE: the only placeholder is \{company\}/);
  });
});
