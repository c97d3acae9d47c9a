// The worker end to end over real sockets: a fake Twilio client ⇄ worker ⇄ fake OpenAI Realtime.
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_BYTES } from '../fakes/fake-twilio-stream.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { eventually, startTestWorker, testAudio, tickingClock, type TestWorker } from './helpers.ts';

let w: TestWorker | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('worker media bridge', () => {
  it('carries audio both ways byte for byte and configures the session for Twilio', async () => {
    w = await startTestWorker({ COMPANY_NAME: 'Acme Versand GmbH' });
    await w.makeCall('CA_both', 'de-DE');
    const tw = await w.twilio({ callSid: 'CA_both', customParameters: { call: 'CA_both', lang: 'de-DE', order: '12345' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    expect(engine.request.headers.authorization).toBe('Bearer sk-test');
    const update = await engine.waitForEvent((e) => e.type === 'session.update');
    const session = update.session as Record<string, any>;
    expect(session.type).toBe('realtime');
    expect(session.audio.input.format).toEqual({ type: 'audio/pcmu' });
    expect(session.audio.output.format).toEqual({ type: 'audio/pcmu' });
    expect(session.audio.input.turn_detection.type).toBe('server_vad');
    expect(session.audio.input.transcription.language).toBe('de');
    expect(session.instructions).toContain('Liza');
    expect(session.instructions).toContain('Acme Versand GmbH');
    expect(session.instructions).toContain('12345');
    expect(session.instructions).toMatch(/Deutsch/);

    // 600 ms of caller audio in one burst: the worker reads it in one go, whatever the machine's
    // speed, so the batching is exact (paced sending would let a slow moment flush a partial batch).
    const caller = testAudio(FRAME_BYTES * 30, 3);
    await tw.sendAudio(caller, { realtime: false });
    await engine.waitForAudio(caller.length);
    expect(engine.audio().equals(caller)).toBe(true);
    // 30 frames go in 100 ms appends, not one message per frame
    expect(engine.appendCount()).toBe(6);

    const liza = testAudio(8000, 11); // one second of assistant audio
    await engine.speak(liza, { chunkBytes: 800 });
    await eventually(() => tw.receivedAudio().length, (n) => n >= liza.length);
    expect(tw.receivedAudio().equals(liza)).toBe(true);
    // every delta is followed by a mark, and the simulated playback echoes them all
    expect(tw.marksReceived).toHaveLength(10);
    await eventually(() => tw.marksEchoed.length, (n) => n === 10);
    tw.stop();
    await tw.closed;
  });

  it('loses no caller audio while the engine is still connecting', async () => {
    const log = captureLog();
    w = await startTestWorker({}, { holdAccepts: true }, { logger: log.logger });
    await w.makeCall('CA_early');
    const tw = await w.twilio({ callSid: 'CA_early', customParameters: { call: 'CA_early', lang: 'en-GB', order: '' } });
    tw.start();
    await eventually(() => w!.realtime.upgradeRequests(), (n) => n === 1); // the engine is connecting
    const caller = testAudio(FRAME_BYTES * 40, 5); // 800 ms: half before the engine answers, half after
    await tw.sendAudio(caller.subarray(0, FRAME_BYTES * 20), { realtime: false });
    await log.next('caller audio held while the engine connects', (l) => l.held === 20);
    w.realtime.acceptHeld();
    const engine = await w.realtime.nextSession();
    await tw.sendAudio(caller.subarray(FRAME_BYTES * 20), { realtime: false });
    await engine.waitForAudio(caller.length);
    expect(engine.audio().equals(caller)).toBe(true);
    // the session was configured before the first append
    const firstAppendAfterUpdate = engine.events.findIndex((e) => e.type === 'session.update');
    expect(firstAppendAfterUpdate).toBe(0);
    tw.stop();
  });

  it('barges in: clears Twilio, truncates at the audio really played, cancels the active response, drops late deltas', async () => {
    w = await startTestWorker();
    await w.makeCall('CA_barge');
    const tw = await w.twilio({ callSid: 'CA_barge', marks: 'manual', customParameters: { call: 'CA_barge', lang: 'de-DE', order: '' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    await engine.waitForEvent((e) => e.type === 'session.update');
    // Liza is mid-answer: five deltas out, the rest held back until the barge-in has been handled.
    let resume!: () => void;
    const held = new Promise<void>((r) => (resume = r));
    const speaking = engine.speak(testAudio(800 * 40), { chunkBytes: 800, pauseAfter: 5, resume: held, lateDeltas: 2 });
    await eventually(() => tw.marksReceived.length, (n) => n === 5);
    tw.echoMarks(3); // the caller has heard 3 × 100 ms
    // Barrier: the worker handles this socket in order, so once these frames reach the engine the
    // mark echoes before them have been applied.
    await tw.sendAudio(testAudio(FRAME_BYTES * 3), { realtime: false });
    await engine.waitForAudio(FRAME_BYTES * 3);
    engine.speechStarted();

    const truncate = await engine.waitForEvent((e) => e.type === 'conversation.item.truncate');
    expect(truncate.audio_end_ms).toBe(300);
    expect(truncate.content_index).toBe(0);
    const cancel = await engine.waitForEvent((e) => e.type === 'response.cancel');
    resume(); // the engine sends two more deltas before it honours the cancel, as the real one may
    const { responseId, itemId, cancelled } = await speaking;
    expect(cancelled).toBe(true);
    expect(cancel.response_id).toBe(responseId);
    expect(truncate.item_id).toBe(itemId);
    const clear = await tw.waitForFrame((f) => f.event === 'clear');
    expect(tw.clears()).toBe(1);

    // The stale marks Twilio echoes for the cleared audio must not count for the next answer.
    // (the fake, like Twilio, echoed every pending mark when it got the clear)
    expect(tw.marksEchoed.length).toBeGreaterThan(3);
    expect(tw.pendingMarks()).toHaveLength(0);
    const before = tw.marksReceived.length;
    const second = testAudio(800 * 6, 9);
    const { itemId: item2 } = await engine.speak(second, { chunkBytes: 800 });
    await eventually(() => tw.marksReceived.length, (n) => n === before + 6);
    // Nothing of the cancelled response reached the caller after the clear. The engine's socket is
    // ordered, so any late delta of it would have come before the second answer, which is all here.
    const after = tw.frames.slice(tw.frames.indexOf(clear) + 1).filter((f) => f.event === 'media');
    expect(Buffer.concat(after.map((f) => Buffer.from((f.media as { payload: string }).payload, 'base64'))).equals(second)).toBe(true);
    tw.echoMarks(2);
    await tw.sendAudio(testAudio(FRAME_BYTES * 3), { realtime: false });
    await engine.waitForAudio(FRAME_BYTES * 6);
    engine.speechStarted();
    const t2 = await engine.waitForEvent((e) => e.type === 'conversation.item.truncate' && e.item_id === item2);
    expect(t2.audio_end_ms).toBe(200);
    // The second response was already done: no cancel for it. The worker would have sent one with
    // the truncate; caller audio sent after it is a barrier on the same ordered socket.
    await tw.sendAudio(testAudio(FRAME_BYTES * 5), { realtime: false });
    await engine.waitForAudio(FRAME_BYTES * 11);
    expect(engine.events.filter((e) => e.type === 'response.cancel')).toHaveLength(1);
    expect(tw.clears()).toBe(2);
    tw.stop();
  });

  it('stores both sides of the conversation as call events, in spoken order', async () => {
    // Each reading of the clock is a second later, so the stored order is the order the worker
    // saw things in (the engine's socket is ordered), not an accident of equal milliseconds.
    w = await startTestWorker({}, {}, { clock: tickingClock() });
    await w.makeCall('CA_talk', 'en-US');
    const tw = await w.twilio({ callSid: 'CA_talk', customParameters: { call: 'CA_talk', lang: 'en-US', order: '' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    await engine.waitForEvent((e) => e.type === 'session.update');
    await engine.speak(testAudio(1600), { transcript: 'Hello, this is Liza. How can I help?' });
    // The caller speaks once the greeting has played (earlier would be a barge-in, which cuts it).
    await eventually(() => tw.marksEchoed.length, (n) => n === 2);
    const question = engine.speechStarted();
    await engine.speak(testAudio(1600), { transcript: 'Let me check that for you.' });
    // the caller's transcription finishes after Liza already answered, as it does for real
    engine.userTranscript(question, 'Where is my parcel?');
    const store = w.store;
    const call = (await store.getCallBySid('CA_talk'))!;
    const lines = await eventually(
      async () => (await store.listCallEvents(call.id)).filter((e) => e.kind === 'ai' && e.text),
      (l) => l.length === 3,
    );
    expect(lines.map((e) => [e.step, e.text])).toEqual([
      ['assistant', 'Hello, this is Liza. How can I help?'],
      ['user', 'Where is my parcel?'],
      ['assistant', 'Let me check that for you.'],
    ]);
    tw.stop();
  });

  it('answers lookup_order from the store in the caller\'s language', async () => {
    w = await startTestWorker();
    await w.store.applyTurn({
      call: { callSid: 'CA_tool', fromMasked: '+49151****678', toNumber: null, language: 'de-DE', at: new Date() },
      event: { key: 'o', kind: 'ivr', step: 'order_confirm', at: new Date() },
      saveOrder: { number: '4711' },
    });
    await w.makeCall('CA_tool');
    const tw = await w.twilio({ callSid: 'CA_tool', customParameters: { call: 'CA_tool', lang: 'de-DE', order: '4711' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    await engine.waitForEvent((e) => e.type === 'session.update');
    const { callId } = await engine.toolCall('lookup_order', { order_number: '4711' });
    const out = await engine.waitForEvent((e) => e.type === 'conversation.item.create');
    const item = out.item as { type: string; call_id: string; output: string };
    expect(item.type).toBe('function_call_output');
    expect(item.call_id).toBe(callId);
    const answer = JSON.parse(item.output);
    expect(answer).toMatchObject({ found: true, order_number: '4711', status: 'received' });
    expect(answer.message).toMatch(/Bestellung/);
    // then the model is asked to speak about it (after the initial greeting request)
    await eventually(() => engine.events.filter((e) => e.type === 'response.create').length, (n) => n === 2);

    const { callId: c2 } = await engine.toolCall('lookup_order', { order_number: '99999' });
    const out2 = await engine.waitForEvent((e) => e.type === 'conversation.item.create' && (e.item as { call_id: string }).call_id === c2);
    expect(JSON.parse((out2.item as { output: string }).output)).toMatchObject({ found: false });
    tw.stop();
  });
});
