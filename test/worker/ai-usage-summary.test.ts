// Issue 13, points 6, 7 and 9 end to end: a conversation through the real worker server, its
// usage and answer times on the call page and in the worker's /metrics, the summary job against
// the fake OpenAI HTTP API, and the call in /calls?follow_up=1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/edge/app.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createJobRunner } from '../../src/worker/jobs/runner.ts';
import { createSummarizeHandler } from '../../src/worker/jobs/summarize.ts';
import { startFakeOpenAiHttp, type FakeOpenAiHttp } from '../fakes/fake-openai-http.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { eventually, startTestWorker, testAudio, type TestWorker } from './helpers.ts';

let w: TestWorker | undefined;
let openai: FakeOpenAiHttp;
beforeAll(async () => {
  openai = await startFakeOpenAiHttp();
});
afterAll(() => openai.close());
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('what each AI call cost, how fast Liza answered, and a summary for staff', () => {
  it('records usage and latency per call, summarises it, and shows all of it to staff and in /metrics', async () => {
    w = await startTestWorker({ OPENAI_PRICE_AUDIO_OUT: '64', OPENAI_PRICE_EUR_PER_USD: '0.5' });
    await w.makeCall('CA_cost');
    const tw = await w.twilio({ callSid: 'CA_cost', customParameters: { call: 'CA_cost', lang: 'de-DE' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    await engine.waitForEvent((e) => e.type === 'session.update');
    const usage = { total_tokens: 1_000_130, input_tokens: 1100, output_tokens: 1_000_020,
      input_token_details: { text_tokens: 1000, audio_tokens: 100, cached_tokens: 500, cached_tokens_details: { text_tokens: 500, audio_tokens: 0 } },
      output_token_details: { text_tokens: 20, audio_tokens: 1_000_000 } };
    await engine.speak(testAudio(800, 1), { transcript: 'Guten Tag, hier ist Liza.' });
    // The caller asks; the engine's VAD says they stopped; Liza answers (one measured turn).
    await eventually(() => tw.marksEchoed.length, (n) => n === 1);
    const q = engine.speechStarted();
    engine.userTranscript(q, 'Wo ist Bestellung 4711?');
    engine.speechStopped(q);
    engine.send({ type: 'response.done', response: { id: 'resp_usage', status: 'completed', output: [], usage } });
    await engine.speak(testAudio(1600, 2), { transcript: 'Ihre Bestellung ist unterwegs.' });
    await eventually(() => tw.marksEchoed.length, (n) => n === 3);
    await engine.toolCall('end_call', {}, { audio: testAudio(800, 3) });
    await tw.closed;
    await eventually(() => w!.worker.liveStreams(), (n) => n === 0);

    const leg = (await w.store.latestAiLeg('CA_cost'))!;
    expect(leg.outputAudioTokens).toBeGreaterThanOrEqual(1_000_000);
    expect(leg.inputCachedTokens).toBeGreaterThanOrEqual(500);
    expect(leg.turns).toBe(1);
    expect(leg.latencyP50Ms).not.toBeNull();
    expect(leg.latencyMaxMs).toBe(leg.latencyP50Ms);

    // The worker's /metrics: tokens by kind, the estimate, the answer-time histogram.
    const metrics = await (await fetch(`http://127.0.0.1:${w.port}/metrics`)).text();
    expect(metrics).toMatch(/liza_ai_tokens_total\{direction="output",kind="audio"\} 10\d{5}/);
    expect(metrics).toMatch(/liza_ai_tokens_total\{direction="input",kind="cached"\} \d+/);
    expect(metrics).toMatch(/liza_ai_cost_usd_total \d+\.\d+/);
    expect(metrics).toContain('liza_ai_answer_seconds_count{stage="sent"} 1');
    expect(metrics).toContain('liza_ai_answer_seconds_count{stage="played"} 1');

    // The summary job (queued when the leg ended), with the OpenAI HTTP API.
    const runner = createJobRunner({
      store: w.store, logger: silentLogger(),
      handlers: { summarize: createSummarizeHandler({ store: w.store, lang: 'de', openai: { apiKey: 'sk-test', baseUrl: openai.baseUrl, model: 'gpt-4o-mini' } }) },
    });
    expect(await runner.runOnce()).toBe(true);
    const chat = openai.chats.at(-1)!;
    expect(chat.model).toBe('gpt-4o-mini');
    expect(chat.messages[0].content).toContain('Deutsch');
    expect(chat.messages[1].content).toBe('Liza: Guten Tag, hier ist Liza.\nCaller: Wo ist Bestellung 4711?\nLiza: Ihre Bestellung ist unterwegs.');
    expect(chat.response_format.type).toBe('json_schema');
    const summarised = (await w.store.getAiLeg(leg.id))!;
    expect(summarised.outcome).toEqual({ orderNumbers: ['4711'], wanted: 'Lieferstatus und Rückruf', followUp: true });

    // Staff see it on the call page and find it with the follow-up filter.
    const app = createApp({ store: w.store, config: w.config, logger: silentLogger() });
    await createStaff(w.store);
    const staff = await signIn(app);
    const call = (await w.store.getCallBySid('CA_cost'))!;
    const page = await (await staff.get(`/calls/${call.id}`)).text();
    expect(page).toContain('KI-Assistentin');
    const cost = summarised.inputTextTokens * 4 + summarised.outputAudioTokens * 64; // dominant parts, in µ$
    expect(cost).toBeGreaterThan(64e6);
    expect(page).toMatch(/class="ai-cost">3\d,\d{4}\s€ · 6\d,\d{4}\s\$/); // about $64, at 0.5 € per $
    expect(page).toMatch(new RegExp(`class="ai-latency">${leg.latencyP50Ms} ms / ${leg.latencyMaxMs} ms`));
    expect(page).toContain('Der Anrufer fragte nach Bestellung 4711.');
    expect(page).toContain('jemand sollte sich melden');
    expect(page).toContain('Liza hat das Gespräch beendet');
    expect(page).toContain('<code class="ev-outcome">end_call</code>'); // the tool in the timeline
    // The dashboard's per-day sum.
    const dash = await (await staff.get('/')).text();
    expect(dash).toContain('Kosten der KI-Assistentin pro Tag');
    expect(dash).toContain(`<time datetime="${leg.startedAt.toISOString().slice(0, 10)}">`);
    expect(dash).toMatch(/3\d,\d{4}\s€<\/td>/);
    await w.makeCall('CA_quiet'); // a call nobody needs to follow up
    const quiet = (await w.store.getCallBySid('CA_quiet'))!;
    expect(await (await staff.get('/calls')).text()).toContain(`/calls/${quiet.id}"`);
    const list = await (await staff.get('/calls?follow_up=1')).text();
    expect(list).toContain(`/calls/${call.id}"`);
    expect(list).not.toContain(`/calls/${quiet.id}"`);
    expect(list).toMatch(/name="follow_up" value="1" checked/);
  });
});
