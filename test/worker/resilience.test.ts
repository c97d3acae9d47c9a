// No dead air and no leaks: every way the AI leg can fail ends the Twilio stream (so Twilio asks
// the edge's <Connect action> and the caller is back in the menu), with the reason recorded.
import { afterEach, describe, expect, it } from 'vitest';
import { CONNECT_TIMEOUT_MS } from '../../src/worker/engine/openai-realtime.ts';
import { FRAME_BYTES } from '../fakes/fake-twilio-stream.ts';
import { eventually, startTestWorker, testAudio, type TestWorker } from './helpers.ts';

let w: TestWorker | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function endedReason(tw: TestWorker, callSid: string) {
  const call = (await tw.store.getCallBySid(callSid))!;
  const ev = await eventually(
    async () => (await tw.store.listCallEvents(call.id)).find((e) => e.kind === 'ai' && e.step === 'ended'),
    (e) => e !== undefined,
  );
  return ev!.detail?.reason;
}

describe('worker resilience', () => {
  it('refuses a forged or unsigned upgrade with 403 before any engine connection', async () => {
    w = await startTestWorker();
    await expect(w.twilio({ signature: 'bm90IGEgc2lnbmF0dXJl' })).rejects.toMatchObject({ status: 403 });
    await expect(w.twilio({ signature: null })).rejects.toMatchObject({ status: 403 });
    // signed with another account's token
    await expect(w.twilio({ authToken: 'someone-elses-token-000' })).rejects.toMatchObject({ status: 403 });
    // signed for another URL (Twilio signs the URL it was told to stream to)
    await expect(w.twilio({ signedUrl: 'wss://evil.example/media' })).rejects.toMatchObject({ status: 403 });
    expect(w.realtime.upgradeRequests()).toBe(0);
    const health = await (await fetch(`http://127.0.0.1:${w.port}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'ok', streams: 0, engineConfigured: true });
    await w.store.close(); // the database goes away: health says so with a 503
    const down = await fetch(`http://127.0.0.1:${w.port}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'error', database: 'unreachable' });
  });

  it('ends the stream when the engine drops mid-call', async () => {
    w = await startTestWorker();
    await w.makeCall('CA_drop');
    const tw = await w.twilio({ callSid: 'CA_drop', customParameters: { call: 'CA_drop', lang: 'de-DE', order: '' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    await engine.waitForEvent((e) => e.type === 'session.update');
    const talking = tw.sendAudio(testAudio(FRAME_BYTES * 25));
    await engine.waitForAudio(FRAME_BYTES * 6);
    engine.drop();
    expect(await tw.closed).toBe(1000);
    await talking;
    expect(await endedReason(w, 'CA_drop')).toBe('engine_dropped');
    expect(w.worker.liveStreams()).toBe(0);
  });

  it('ends the stream on a fatal engine error', async () => {
    w = await startTestWorker();
    await w.makeCall('CA_err');
    const tw = await w.twilio({ callSid: 'CA_err', customParameters: { call: 'CA_err', lang: 'de-DE', order: '' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    await engine.waitForEvent((e) => e.type === 'session.update');
    // a client-side error the session survives changes nothing
    engine.send({ type: 'error', error: { type: 'invalid_request_error', code: 'response_cancel_not_active', message: 'no active response' } });
    engine.send({ type: 'error', error: { type: 'server_error', code: null, message: 'The server had an error' } });
    await tw.closed;
    expect(await endedReason(w, 'CA_err')).toBe('engine_error');
    await engine.closed;
  });

  it('ends the stream when the engine cannot be reached', async () => {
    w = await startTestWorker({}, { refuseStatus: 401 });
    await w.makeCall('CA_unreach');
    const tw = await w.twilio({ callSid: 'CA_unreach', customParameters: { call: 'CA_unreach', lang: 'de-DE', order: '' } });
    tw.start();
    await tw.closed;
    expect(await endedReason(w, 'CA_unreach')).toBe('engine_unreachable');
  });

  it('gives up when the engine never says session.created', async () => {
    w = await startTestWorker({}, { sendSessionCreated: false });
    await w.makeCall('CA_silent');
    const tw = await w.twilio({ callSid: 'CA_silent', customParameters: { call: 'CA_silent', lang: 'de-DE', order: '' } });
    tw.start();
    await w.realtime.nextSession(); // connected, and it stays silent
    (await w.timers.next((t) => t.ms === CONNECT_TIMEOUT_MS)).fire(); // the wait for session.created runs out
    await tw.closed;
    expect(await endedReason(w, 'CA_silent')).toBe('engine_unreachable');
    await eventually(() => w!.realtime.openSessions(), (n) => n === 0);
  });

  it('leaks no engine session when the caller hangs up while the engine connects', async () => {
    w = await startTestWorker({}, { holdAccepts: true });
    await w.makeCall('CA_gone');
    const tw = await w.twilio({ callSid: 'CA_gone', customParameters: { call: 'CA_gone', lang: 'de-DE', order: '' } });
    tw.start();
    await eventually(() => w!.realtime.upgradeRequests(), (n) => n === 1); // the engine is connecting…
    tw.stop();
    tw.hangup();
    expect(await endedReason(w, 'CA_gone')).toBe('hangup'); // …and the worker has seen the caller go
    w.realtime.acceptHeld(); // only now does the engine answer the upgrade
    expect(w.realtime.acceptAttempts()).toBe(1);
    // Whatever the late answer opened, the worker closes it: each session's close is the event.
    for (const s of w.realtime.sessions) await s.closed;
    expect(w.realtime.openSessions()).toBe(0);
  });

  it('closes the engine socket at once on Twilio stop', async () => {
    w = await startTestWorker();
    await w.makeCall('CA_stop');
    const tw = await w.twilio({ callSid: 'CA_stop', customParameters: { call: 'CA_stop', lang: 'de-DE', order: '' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    await engine.waitForEvent((e) => e.type === 'session.update');
    tw.stop();
    await engine.closed;
    await tw.closed;
    expect(await endedReason(w, 'CA_stop')).toBe('hangup');
  });

  it('without OPENAI_API_KEY ends the stream at once and opens nothing', async () => {
    w = await startTestWorker({ OPENAI_API_KEY: '' });
    await w.makeCall('CA_nokey');
    const tw = await w.twilio({ callSid: 'CA_nokey', customParameters: { call: 'CA_nokey', lang: 'de-DE', order: '' } });
    tw.start();
    await tw.closed;
    expect(await endedReason(w, 'CA_nokey')).toBe('engine_not_configured');
    expect(w.realtime.upgradeRequests()).toBe(0);
    const health = await (await fetch(`http://127.0.0.1:${w.port}/health`)).json();
    expect(health.engineConfigured).toBe(false);
  });

  it('ends streams over MAX_STREAMS and at MAX_CALL_SECONDS', async () => {
    // The one-second cap runs out when the test fires it, so a slow machine cannot end the first
    // call before the second one was refused.
    w = await startTestWorker({ MAX_STREAMS: '1', MAX_CALL_SECONDS: '1' });
    await w.makeCall('CA_one');
    await w.makeCall('CA_two');
    const one = await w.twilio({ callSid: 'CA_one', customParameters: { call: 'CA_one', lang: 'de-DE', order: '' } });
    one.start();
    await w.realtime.nextSession();
    const health = await (await fetch(`http://127.0.0.1:${w.port}/health`)).json();
    expect(health.streams).toBe(1);
    const two = await w.twilio({ callSid: 'CA_two', customParameters: { call: 'CA_two', lang: 'de-DE', order: '' } });
    two.start();
    await two.closed;
    expect(await endedReason(w, 'CA_two')).toBe('max_streams');
    expect(w.realtime.upgradeRequests()).toBe(1);
    expect(one.ws.readyState).toBe(one.ws.OPEN);
    (await w.timers.next((t) => t.ms === 1000)).fire(); // the one-second cap runs out
    await one.closed;
    expect(await endedReason(w, 'CA_one')).toBe('max_call_seconds');
  });

  it('at shutdown lets a live call run up to the bound, then ends it and accepts no new stream', async () => {
    w = await startTestWorker();
    await w.makeCall('CA_drain');
    const tw = await w.twilio({ callSid: 'CA_drain', customParameters: { call: 'CA_drain', lang: 'de-DE', order: '' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    await engine.waitForEvent((e) => e.type === 'session.update');
    const draining = w.worker.drain(300);
    const health = await new Promise<number>((resolve) => {
      // the listener is closed: a new caller cannot reach this worker any more
      import('node:net').then(({ connect }) => {
        const s = connect(w!.port, '127.0.0.1');
        s.on('connect', () => (s.destroy(), resolve(1)));
        s.on('error', () => resolve(0));
      });
    });
    expect(health).toBe(0);
    expect(tw.ws.readyState).toBe(tw.ws.OPEN); // the live call goes on for now
    (await w.timers.next((t) => t.ms === 300)).fire(); // until the bound runs out
    await draining;
    await tw.closed;
    await engine.closed;
    expect(await endedReason(w, 'CA_drain')).toBe('shutdown');
  });
});
