// A whole AI conversation through the real server and bridge, with the scripted in-process engine:
// greeting, the caller's question, the order lookup in the caller's language, the answer.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/store.ts';
import { createScriptedEngine } from '../../src/worker/engine/fake.ts';
import { createWorkerServer, type WorkerServer } from '../../src/worker/server.ts';
import { connectFakeTwilioStream, FRAME_BYTES } from '../fakes/fake-twilio-stream.ts';
import { createManualTimers } from '../helpers/manual-timers.ts';
import { drainNow, eventually, testAudio, tickingClock } from './helpers.ts';

const TOKEN = 'scripted-token-0123456789';
const MEDIA = 'wss://liza.example/media';
// No timer runs out unless fired (the start and call-length caps), and each clock reading is a
// second later, so the stored conversation's order is the order the worker saw it in.
const timers = createManualTimers();
let worker: WorkerServer | undefined;
let store: Store | undefined;
afterEach(async () => {
  if (worker) await drainNow(worker, timers);
  await store?.close();
});

describe('scripted conversation', () => {
  it('greets, hears the caller, looks the order up in English, answers, and records it all', async () => {
    store = createSqliteStore(':memory:');
    await store.applyTurn({
      call: { callSid: 'CA_s1', fromMasked: '+44 7700 ****00', toNumber: null, language: 'en-GB', at: new Date() },
      event: { key: 'o', kind: 'ivr', step: 'order_confirm', at: new Date() },
      saveOrder: { number: '123456' },
    });
    // Then the AI at the help menu: the worker admits a stream only for a call waiting for it.
    await store.applyTurn({
      call: { callSid: 'CA_s1', fromMasked: '+44 7700 ****00', toNumber: null, language: 'en-GB', at: new Date() },
      event: { key: 'h', kind: 'ivr', step: 'help', detail: { next: 'connect_ai' }, at: new Date() },
    });
    const greeting = testAudio(2400, 1).toString('base64');
    const answer = testAudio(1600, 2).toString('base64');
    const engine = createScriptedEngine([
      { type: 'say', audio: greeting, transcript: 'Hello, this is Liza.' },
      { type: 'listen', ms: 200, transcript: 'What about order 123456?' },
      { type: 'tool', name: 'lookup_order', args: { order_number: '123456' } },
      { type: 'say', audio: answer, transcript: 'It has been received.' },
    ]);
    worker = createWorkerServer({ store, engine, logger: silentLogger(), authToken: TOKEN, publicMediaUrl: MEDIA, maxStreams: 5, maxCallSeconds: 60, timers, clock: tickingClock() });
    const port = await worker.listen(0, '127.0.0.1');
    const tw = await connectFakeTwilioStream({ url: `ws://127.0.0.1:${port}/media`, signedUrl: MEDIA, authToken: TOKEN, callSid: 'CA_s1', customParameters: { call: 'CA_s1', lang: 'en-GB', order: '123456' } });
    tw.start();
    // The caller speaks once the greeting has played (earlier would be a barge-in, which cuts it).
    await eventually(() => tw.receivedAudio().length === 2400 && tw.pendingMarks().length === 0, (ok) => ok);
    await tw.sendAudio(testAudio(FRAME_BYTES * 15), { realtime: false });
    await eventually(() => tw.receivedAudio().length, (n) => n === 2400 + 1600);
    expect(tw.receivedAudio().equals(Buffer.concat([Buffer.from(greeting, 'base64'), Buffer.from(answer, 'base64')]))).toBe(true);

    const log = engine.sessions[0]!;
    expect(log).toMatchObject({ callSid: 'CA_s1', lang: 'en-GB', order: '123456', responsesRequested: 1 });
    expect(JSON.parse(log.toolResults[0]!.output)).toEqual({ found: true, order_number: '123456', status: 'received', message: "Your order has been received, and we'll start on it soon." });
    tw.stop();
    await tw.closed;
    const call = (await store.getCallBySid('CA_s1'))!;
    const ai = await eventually(async () => (await store!.listCallEvents(call.id)).filter((e) => e.kind === 'ai'), (l) => l.some((e) => e.step === 'ended'));
    expect(ai.map((e) => e.step)).toEqual(['started', 'assistant', 'user', 'tool', 'assistant', 'ended']);
    expect(ai.filter((e) => e.text).map((e) => e.text)).toEqual(['Hello, this is Liza.', 'What about order 123456?', 'It has been received.']);
    expect(log.closed).toBe(true);
  });
});
