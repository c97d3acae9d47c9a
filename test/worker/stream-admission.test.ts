// Issue 11, point 5 (its last clause): the worker runs a stream only for a call that is waiting for
// its AI leg, and only one stream per call, whichever worker it reaches. Driven through real
// media-stream sockets (token and all) against real workers on one database.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/spawn-edge.ts';
import { FRAME_BYTES } from '../fakes/fake-twilio-stream.ts';
import { startTestWorker, testAudio, type TestWorker } from './helpers.ts';

let workers: TestWorker[] = [];
afterEach(async () => {
  for (const w of workers) await w.close();
  workers = [];
});

const start = async (w: TestWorker, callSid: string, streamSid: string) => {
  const tw = await w.twilio({ callSid, streamSid, customParameters: { call: callSid, lang: 'de-DE' } });
  tw.start();
  return tw;
};

async function legsOf(w: TestWorker, callSid: string) {
  const call = await w.store.getCallBySid(callSid);
  return call ? w.store.listAiLegsForCall(call.id) : [];
}

describe('media stream admission', () => {
  it('refuses a stream (with a good token) for a call that did not choose the AI, and for an unknown call', async () => {
    const w = await startTestWorker();
    workers.push(w);
    await w.store.applyTurn({
      call: { callSid: 'CA_menu', fromMasked: '+49151****678', toNumber: null, language: 'de-DE', at: new Date() },
      event: { key: 'voice', kind: 'ivr', step: 'greeting', detail: { next: 'consent' }, at: new Date() },
    });
    for (const sid of ['CA_menu', 'CA_unknown']) {
      const tw = await start(w, sid, `MZ_${sid}`);
      expect(await tw.closed).toBe(1008);
    }
    expect(w.realtime.sessions).toHaveLength(0);
    expect(await legsOf(w, 'CA_menu')).toHaveLength(0);
    const events = await w.store.listCallEvents((await w.store.getCallBySid('CA_menu'))!.id);
    expect(events.filter((e) => e.kind === 'ai')).toHaveLength(0);
  });

  it('caller audio sent while the stream is being admitted reaches the engine once it is, none lost', async () => {
    const w = await startTestWorker();
    workers.push(w);
    await w.makeCall('CA_early_audio');
    const tw = await w.twilio({ callSid: 'CA_early_audio', customParameters: { call: 'CA_early_audio', lang: 'de-DE' } });
    tw.start();
    const audio = testAudio(FRAME_BYTES * 10, 3);
    await tw.sendAudio(audio, { realtime: false });
    const session = await w.realtime.nextSession();
    await session.waitForAudio(audio.length);
    expect(session.audio().equals(audio)).toBe(true);
    tw.hangup();
    await session.closed;
  });

  it('after a leg ends, the call streams again only once the caller chose the AI again', async () => {
    const w = await startTestWorker();
    workers.push(w);
    await w.makeCall('CA_again');
    const first = await start(w, 'CA_again', 'MZ_1');
    const s1 = await w.realtime.nextSession();
    await s1.waitForEvent((e) => e.type === 'session.update');
    first.hangup();
    await s1.closed;
    // A replayed start (the same token is still valid) before the edge sent the caller back: refused.
    const replay = await start(w, 'CA_again', 'MZ_replay');
    expect(await replay.closed).toBe(1008);
    await w.makeCall('CA_again', 'de-DE', 'help:2');
    const second = await start(w, 'CA_again', 'MZ_2');
    const s2 = await w.realtime.nextSession();
    await s2.waitForEvent((e) => e.type === 'session.update');
    second.hangup();
    await s2.closed;
    expect((await legsOf(w, 'CA_again')).map((l) => l.streamSid).sort()).toEqual(['MZ_1', 'MZ_2']);
  });

  it('two workers on one database: of two streams for one call, started at once, exactly one runs', async () => {
    const dbFile = join(tempDir(), 'liza.db');
    const a = await startTestWorker({}, {}, { dbFile });
    workers.push(a);
    const b = await startTestWorker({}, {}, { dbFile });
    workers.push(b);
    await a.makeCall('CA_race');
    const [ta, tb] = await Promise.all([a.twilio({ callSid: 'CA_race', streamSid: 'MZ_a', customParameters: { call: 'CA_race', lang: 'de-DE' } }), b.twilio({ callSid: 'CA_race', streamSid: 'MZ_b', customParameters: { call: 'CA_race', lang: 'de-DE' } })]);
    ta.start();
    tb.start();
    // The refused one is closed with 1008; the admitted one opens its engine session.
    const refused = await Promise.race([ta.closed.then((code) => ({ code, loser: ta, winner: tb })), tb.closed.then((code) => ({ code, loser: tb, winner: ta }))]);
    expect(refused.code).toBe(1008);
    const winnerWorker = refused.winner === ta ? a : b;
    const session = await winnerWorker.realtime.nextSession();
    await session.waitForEvent((e) => e.type === 'session.update');
    expect(a.realtime.sessions.length + b.realtime.sessions.length).toBe(1);
    const legs = await legsOf(a, 'CA_race');
    expect(legs).toHaveLength(1);
    expect(legs[0]!.streamSid).toBe(refused.winner === ta ? 'MZ_a' : 'MZ_b');
    expect(refused.winner.ws.readyState).toBe(refused.winner.ws.OPEN);
    refused.winner.hangup();
    await session.closed;
  });
});
