// Issue 13 through the real worker server and the real edge app on one store: a fake Twilio
// stream client ⇄ worker ⇄ fake OpenAI Realtime, then Twilio's <Connect action> to /webhook/stream_end.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/edge/app.ts';
import { formatStateQuery } from '../../src/ivr/state-codec.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { signedPost } from '../helpers/app.ts';
import { FRAME_BYTES, type FakeTwilioStream } from '../fakes/fake-twilio-stream.ts';
import type { FakeRealtimeOptions, FakeRealtimeSession } from '../fakes/fake-realtime.ts';
import { eventually, startTestWorker, testAudio, type TestWorker } from './helpers.ts';

const STAFF = '+4930555000';
let w: TestWorker | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** Worker and edge on one store, a call in the help menu, its AI leg connected. */
async function connect(env: Record<string, string> = {}, fake: FakeRealtimeOptions = {}, marks: 'manual' | 'playback' = 'manual', dbFile?: string) {
  w = await startTestWorker(env, fake, { dbFile });
  const sid = `CA_${Math.random().toString(36).slice(2, 10)}`;
  await w.makeCall(sid, 'de-DE');
  const tw = await w.twilio({ callSid: sid, marks, customParameters: { call: sid, lang: 'de-DE' } });
  tw.start();
  const engine = await w.realtime.nextSession();
  const app = createApp({ store: w.store, config: w.config, logger: silentLogger() });
  /** Twilio's request of the <Connect action> once the stream has closed. */
  const streamEnd = async () => {
    const q = formatStateQuery({ node: 'help', lang: 'de-DE', seq: 5, misses: 0, order: null });
    const r = await signedPost(app, w!.config, `/webhook/stream_end?${q}`, { CallSid: sid, From: '+4915112345678', To: '+4930123456' });
    expect(r.status).toBe(200);
    return r.body;
  };
  return { w, sid, tw, engine, streamEnd };
}

const reasonOf = async (sid: string) => (await w!.store.latestAiLeg(sid))?.endReason ?? null;
const media = (tw: FakeTwilioStream) => tw.frames.filter((f) => f.event === 'media').length;
/** Barrier: frames sent now reach the engine only after everything the worker had before them. */
async function barrier(tw: FakeTwilioStream, engine: FakeRealtimeSession) {
  const before = engine.audioBytes();
  await tw.sendAudio(testAudio(FRAME_BYTES * 5), { realtime: false });
  await engine.waitForAudio(before + FRAME_BYTES * 5);
}
const told = (engine: FakeRealtimeSession, part: string) =>
  engine.waitForEvent((e) => e.type === 'conversation.item.create' && JSON.stringify(e.item).includes(part));

describe('a verified session', () => {
  it('a refused session.update ends the leg as engine_error: back in the help menu with the apology, within 2 s, no audio sent', async () => {
    const { tw, sid, streamEnd } = await connect({}, { refuseSessionUpdate: { code: 'model_not_found', message: 'The model gpt-nope does not exist.' } });
    // From the engine's connection (the session.update goes out on session.created) to the close.
    const t0 = performance.now();
    await tw.closed;
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(await reasonOf(sid)).toBe('engine_error');
    expect(media(tw)).toBe(0);
    const twiml = await streamEnd();
    expect(twiml).toContain('bitte ich um Entschuldigung'); // help.ai_ended: the apology …
    expect(twiml).toContain('/webhook/help'); // … and the help menu's Gather
  });

  it('a session.updated in another format ends the leg too', async () => {
    const { tw, sid } = await connect({}, { confirmFormat: 'audio/pcm' });
    await tw.closed;
    expect(await reasonOf(sid)).toBe('engine_error');
  });

  it('sends no audio to Twilio before session.updated, and the caller audio of that time is kept', async () => {
    const { tw, engine } = await connect({}, { holdSessionUpdated: true });
    await engine.waitForEvent((e) => e.type === 'session.update');
    // A misbehaving engine speaks before confirming the session: none of it may reach the caller.
    void engine.speak(testAudio(1600, 1));
    await tw.sendAudio(testAudio(FRAME_BYTES * 10, 2), { realtime: false });
    expect(engine.appendCount()).toBe(0);
    engine.confirmSession();
    await engine.waitForAudio(FRAME_BYTES * 10); // the held caller audio, once verified
    expect(engine.audio().equals(testAudio(FRAME_BYTES * 10, 2))).toBe(true);
    expect(media(tw)).toBe(0);
    const greeting = testAudio(800, 3);
    await engine.speak(greeting);
    await eventually(() => media(tw), (n) => n === 1);
    expect(tw.receivedAudio().equals(greeting)).toBe(true);
    tw.stop();
  });
});

describe('tools that act', () => {
  it('end_call: the goodbye plays to its last mark, the reason is stored before the close, stream_end hangs up', async () => {
    const { tw, sid, engine, streamEnd } = await connect();
    await engine.waitForEvent((e) => e.type === 'session.update');
    const update = await engine.waitForEvent((e) => e.type === 'session.update');
    const names = ((update.session as { tools: Array<{ name: string }> }).tools).map((t) => t.name);
    expect(names).toEqual(['lookup_order', 'end_call']); // no transfer_to_staff without STAFF_PHONE_NUMBER
    await engine.toolCall('end_call', {}, { audio: testAudio(2400, 4) });
    await eventually(() => tw.marksReceived.length, (n) => n === 3);
    // Response done, goodbye still playing: the stream stays open.
    await barrier(tw, engine);
    expect(tw.ws.readyState).toBe(tw.ws.OPEN);
    tw.echoMarks(2);
    await barrier(tw, engine);
    expect(tw.ws.readyState).toBe(tw.ws.OPEN);
    // The race: the moment the stream closes, the reason is already there for stream_end.
    const reasonAtClose = tw.closed.then(() => reasonOf(sid));
    tw.echoMarks(1); // the last mark: Twilio has played the goodbye
    expect(await reasonAtClose).toBe('end_call');
    expect(tw.frames.at(-1)?.event).toBe('mark'); // no clear: nothing of the goodbye was cut
    const twiml = await streamEnd();
    expect(twiml).toContain('<Hangup/>');
    expect(twiml).not.toContain('<Gather');
  });

  it('transfer_to_staff (offered with STAFF_PHONE_NUMBER): after its last words, stream_end dials staff like help option 3', async () => {
    const { tw, sid, engine, streamEnd } = await connect({ STAFF_PHONE_NUMBER: STAFF });
    const update = await engine.waitForEvent((e) => e.type === 'session.update');
    expect(((update.session as { tools: Array<{ name: string }> }).tools).map((t) => t.name)).toEqual(['lookup_order', 'transfer_to_staff', 'end_call']);
    await engine.toolCall('transfer_to_staff', {}, { audio: testAudio(800, 5) });
    await eventually(() => tw.marksReceived.length, (n) => n === 1);
    const reasonAtClose = tw.closed.then(() => reasonOf(sid));
    tw.echoMarks(1);
    expect(await reasonAtClose).toBe('transfer_to_staff');
    const twiml = await streamEnd();
    expect(twiml).toContain(`>${STAFF}</Dial>`);
    expect(twiml).toContain('<Dial');
  });

  it('a staff hand-over recorded by the edge during the leg stands; the worker’s later hangup does not overwrite it', async () => {
    const { tw, sid, engine, streamEnd } = await connect({ STAFF_PHONE_NUMBER: STAFF });
    await engine.waitForEvent((e) => e.type === 'session.update');
    await eventually(() => w!.store.latestAiLeg(sid), (l) => l !== null);
    expect(await w!.store.endOpenAiLegOfCall(sid, 'staff_transfer', new Date())).toBe('staff_transfer');
    tw.stop(); // Twilio ends the stream once the call has its new TwiML
    await tw.closed;
    await eventually(() => w!.worker.liveStreams(), (n) => n === 0);
    expect(await reasonOf(sid)).toBe('staff_transfer');
    expect(await streamEnd()).not.toContain('<Gather');
  });

  it('a lookup that fails (the database) is answered with an instruction to apologise, and Liza is asked to speak', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liza-ai-'));
    const file = join(dir, 'liza.db');
    const { engine, tw } = await connect({}, {}, 'manual', file);
    await engine.waitForEvent((e) => e.type === 'session.update');
    // A real failure of the real database: another connection takes the orders table away.
    const other = new Database(file);
    other.pragma('foreign_keys = OFF');
    other.exec('ALTER TABLE orders RENAME TO orders_gone');
    other.close();
    const { callId } = await engine.toolCall('lookup_order', { order_number: '4711' });
    const out = await engine.waitForEvent((e) => e.type === 'conversation.item.create');
    expect(out.item).toMatchObject({ type: 'function_call_output', call_id: callId });
    expect(JSON.parse((out.item as { output: string }).output)).toMatchObject({ error: 'lookup_failed', instruction: expect.stringContaining('Apologise') });
    await engine.waitForEvent((e) => e.type === 'response.create' && engine.events.indexOf(e) > engine.events.indexOf(out));
    tw.stop();
    await tw.closed;
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the keypad during the conversation', () => {
  it('* goes back to the help menu at once, without the apology', async () => {
    const { tw, sid, engine, streamEnd } = await connect();
    await engine.waitForEvent((e) => e.type === 'session.update');
    void engine.speak(testAudio(4000, 6));
    await eventually(() => tw.marksReceived.length, (n) => n >= 1);
    tw.sendDtmf('*');
    await tw.closed;
    expect(await reasonOf(sid)).toBe('caller_star');
    expect(tw.clears()).toBe(1); // what was still queued is dropped
    const twiml = await streamEnd();
    expect(twiml).toContain('/webhook/help');
    expect(twiml).not.toContain('Entschuldigung');
    const call = (await w!.store.getCallBySid(sid))!;
    const keys = (await w!.store.listCallEvents(call.id)).filter((e) => e.step === 'dtmf');
    expect(keys.map((k) => k.digits)).toEqual(['*']);
  });

  it('0 hands over to staff when STAFF_PHONE_NUMBER is set', async () => {
    const { tw, sid, engine, streamEnd } = await connect({ STAFF_PHONE_NUMBER: STAFF });
    await engine.waitForEvent((e) => e.type === 'session.update');
    tw.sendDtmf('0');
    await tw.closed;
    expect(await reasonOf(sid)).toBe('transfer_to_staff');
    expect(await streamEnd()).toContain(`>${STAFF}</Dial>`);
  });

  it('0 without staff: the model is told it is not possible, and the leg goes on', async () => {
    const { tw, engine } = await connect();
    await engine.waitForEvent((e) => e.type === 'session.update');
    tw.sendDtmf('0');
    await told(engine, 'not possible right now');
    await engine.waitForEvent((e) => e.type === 'response.create' && engine.events.filter((x) => x.type === 'response.create').length >= 2);
    expect(tw.ws.readyState).toBe(tw.ws.OPEN);
    tw.stop();
  });

  it('digits ended by # are looked up and told to the model as a conversation item; each key is in the timeline', async () => {
    const { tw, sid, engine } = await connect();
    await w!.store.applyTurn({
      call: { callSid: sid, fromMasked: '+49151****678', toNumber: null, language: 'de-DE', at: new Date() },
      event: { key: 'o', kind: 'ivr', step: 'order_confirm', at: new Date() },
      saveOrder: { number: '4711' },
    });
    await engine.waitForEvent((e) => e.type === 'session.update');
    for (const d of '4711#') tw.sendDtmf(d);
    const item = await told(engine, 'order number 4711');
    expect(item.item).toMatchObject({ type: 'message', role: 'system' });
    expect(JSON.stringify(item.item)).toContain('\\"found\\":true');
    for (const d of '12#') tw.sendDtmf(d);
    await told(engine, 'typed 2 digit(s)');
    const call = (await w!.store.getCallBySid(sid))!;
    const keys = await eventually(async () => (await w!.store.listCallEvents(call.id)).filter((e) => e.step === 'dtmf'), (k) => k.length === 8);
    expect(keys.map((k) => k.digits).join('')).toBe('4711#12#');
    // The model never got the digits as audio: nothing was appended.
    expect(engine.appendCount()).toBe(0);
    tw.stop();
  });
});

describe('silence', () => {
  it('asks once whether the caller is still there, then says goodbye and returns them to the menu', async () => {
    const { tw, sid, engine, streamEnd } = await connect({ AI_IDLE_SECONDS: '7' }, {}, 'playback');
    await engine.waitForEvent((e) => e.type === 'session.update');
    await engine.speak(testAudio(800, 7));
    // No re-prompt while Liza speaks: the silence timer starts once her audio has played.
    const first = await w!.timers.next((t) => t.ms === 7000);
    first.fire();
    await told(engine, 'still there');
    await engine.speak(testAudio(800, 8));
    const second = await w!.timers.next((t) => t.ms === 7000);
    second.fire();
    await told(engine, 'short goodbye');
    await engine.speak(testAudio(800, 9));
    await tw.closed;
    expect(await reasonOf(sid)).toBe('idle');
    const twiml = await streamEnd();
    expect(twiml).toContain('/webhook/help');
    expect(twiml).not.toContain('Entschuldigung');
  });

  it('the caller speaking resets the silence count', async () => {
    const { tw, engine } = await connect({ AI_IDLE_SECONDS: '7' }, {}, 'playback');
    await engine.waitForEvent((e) => e.type === 'session.update');
    await engine.speak(testAudio(800, 7));
    (await w!.timers.next((t) => t.ms === 7000)).fire();
    await told(engine, 'still there');
    engine.speechStarted();
    await engine.speak(testAudio(800, 8));
    (await w!.timers.next((t) => t.ms === 7000)).fire();
    // Asked again, not dismissed: two "still there" prompts.
    await engine.waitForEvent((e) => e.type === 'conversation.item.create' && engine.events.filter((x) => JSON.stringify(x.item ?? '').includes('still there')).length === 2);
    expect(tw.ws.readyState).toBe(tw.ws.OPEN);
    tw.stop();
  });
});

describe('what was said, as heard', () => {
  it('after a barge-in the stored line of Liza is cut to the share of her audio the caller heard', async () => {
    const { tw, sid, engine } = await connect();
    await engine.waitForEvent((e) => e.type === 'session.update');
    const text = 'Ihre Bestellung ist heute früh verschickt worden und kommt morgen bei Ihnen an, vielen Dank.';
    let resume!: () => void;
    const held = new Promise<void>((r) => (resume = r));
    const speaking = engine.speak(testAudio(800 * 10), { pauseAfter: 10, resume: held, transcript: text });
    await eventually(() => tw.marksReceived.length, (n) => n === 10);
    tw.echoMarks(4); // the caller heard 400 of 1000 ms
    await barrier(tw, engine);
    engine.speechStarted();
    await engine.waitForEvent((e) => e.type === 'conversation.item.truncate');
    resume();
    await speaking; // its transcript arrives after the barge-in, as the real one does
    const call = (await w!.store.getCallBySid(sid))!;
    const [line] = await eventually(async () => (await w!.store.listCallEvents(call.id)).filter((e) => e.step === 'assistant'), (l) => l.length === 1);
    // 40 % of the 92 characters ends inside "verschickt": back to the last whole word, marked as cut.
    expect(line!.text).toBe('Ihre Bestellung ist heute früh …');
    expect(line!.detail).toMatchObject({ cut: true });
    tw.stop();
  });
});
