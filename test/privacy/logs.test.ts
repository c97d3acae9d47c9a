// Issue 15 point 5: a whole call (consent, order, the AI conversation, a voice message and its
// transcription) through the real edge app, worker server, bridge and job runner, with one logger
// at `info`: no line at info or above holds the caller's number, name, or anything they said.
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { createApp } from '../../src/edge/app.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { createScriptedEngine } from '../../src/worker/engine/fake.ts';
import { createJobRunner } from '../../src/worker/jobs/runner.ts';
import { createTranscribeHandler } from '../../src/worker/jobs/transcribe.ts';
import { createWorkerServer } from '../../src/worker/server.ts';
import { startFakeOpenAiHttp } from '../fakes/fake-openai-http.ts';
import { startFakeRecordings } from '../fakes/fake-twilio-recordings.ts';
import { connectFakeTwilioStream, FRAME_BYTES } from '../fakes/fake-twilio-stream.ts';
import { signedPost } from '../helpers/app.ts';
import { createManualTimers } from '../helpers/manual-timers.ts';
import { walkCall } from '../helpers/sim.ts';
import { drainNow, eventually, testAudio, tickingClock } from '../worker/helpers.ts';

const SID = 'AC' + 'c'.repeat(32);
const TOKEN = 'privacy-logs-token-0123456789';
const MEDIA = 'wss://liza.example/media';
const CALLER = { number: '+4915112345678', name: 'Erika Mustermann' };
const SAID_TO_AI = 'Ich heiße Erika Mustermann und wohne in der Lindenstraße';
const VOICE_MESSAGE = 'Bitte rufen Sie mich wegen der Lieferung in die Gartenlaube zurück';

describe('logs of a whole call', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('hold no number, name or transcript at info or above', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const store = createSqliteStore(':memory:');
    cleanup.push(() => store.close());
    const recordings = await startFakeRecordings(SID, TOKEN);
    const openai = await startFakeOpenAiHttp();
    cleanup.push(() => recordings.close(), () => openai.close());
    openai.respond = () => ({ status: 200, body: { text: VOICE_MESSAGE } });
    const config = parseConfig({ TWILIO_AUTH_TOKEN: TOKEN, TWILIO_ACCOUNT_SID: SID, TWILIO_API_BASE_URL: recordings.baseUrl, OPENAI_API_KEY: 'sk-test', PUBLIC_MEDIA_URL: MEDIA });
    const app = createApp({ store, config, logger });

    // The AI leg through the real worker server and bridge, the caller saying who they are.
    const timers = createManualTimers();
    const engine = createScriptedEngine([
      { type: 'say', audio: testAudio(1600, 1).toString('base64'), transcript: 'Hallo, hier ist Liza.' },
      { type: 'listen', ms: 200, transcript: SAID_TO_AI },
      { type: 'say', audio: testAudio(800, 2).toString('base64'), transcript: 'Danke, Frau Mustermann.' },
    ]);
    const worker = createWorkerServer({ store, engine, logger, authToken: TOKEN, publicMediaUrl: MEDIA, maxStreams: 5, maxCallSeconds: 60, timers, clock: tickingClock() });
    const port = await worker.listen(0, '127.0.0.1');

    // The IVR: consent, an order, then "talk to Liza" (Twilio's side of the stream), then goodbye.
    const r = await walkCall(app, config, CALLER.number, ['1', '471100#', '1', '2', '9'], {
      callerName: CALLER.name,
      async stream(c) {
        const tw = await connectFakeTwilioStream({ url: `ws://127.0.0.1:${port}/media`, signedUrl: MEDIA, authToken: TOKEN, callSid: c.params.call!, customParameters: c.params });
        tw.start();
        await tw.sendAudio(testAudio(FRAME_BYTES * 15), { realtime: false });
        await eventually(() => tw.receivedAudio().length, (n) => n === 2400);
        tw.stop();
        await tw.closed;
      },
    });
    const callSid = r.callSid;
    const call = (await store.getCallBySid(callSid))!;
    await eventually(async () => (await store.listCallEvents(call.id)).filter((e) => e.kind === 'ai'), (l) => l.some((e) => e.step === 'ended'));
    await drainNow(worker, timers);

    // A voice message: Twilio's recording callback, then the worker's transcription job.
    recordings.put('RElogs1', Buffer.from('ID3 fake mp3 '.repeat(40)));
    await signedPost(app, config, '/webhook/recording', { CallSid: callSid, RecordingSid: 'RElogs1', RecordingUrl: recordings.urlFor('RElogs1'), RecordingStatus: 'completed', RecordingDuration: '7' });
    const runner = createJobRunner({ store, logger, handlers: { transcribe: createTranscribeHandler({ store, twilio: config.twilio, openai: { apiKey: 'sk-test', baseUrl: openai.baseUrl, model: 'gpt-4o-transcribe' } }) } });
    expect(await runner.runOnce()).toBe(true);

    // Everything happened and is stored (so the logs had the chance to leak it)…
    const events = await store.listCallEvents(call.id);
    expect(events.some((e) => e.text === SAID_TO_AI)).toBe(true);
    expect((await store.listTranscriptsForCall(call.id))[0]!.text).toBe(VOICE_MESSAGE);
    expect((await store.getCall(call.id))!).toMatchObject({ fromFull: CALLER.number, callerName: CALLER.name });
    // …and logged: turns, the AI leg, the job.
    const info = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 30);
    expect(info.map((l) => l.msg)).toEqual(expect.arrayContaining(['ivr turn', 'ai stream ended', 'job done']));
    const text = info.map((l) => JSON.stringify(l)).join('\n');
    for (const secret of ['15112345678', '151 12345678', 'Erika', 'Mustermann', 'Lindenstraße', 'Gartenlaube', 'Danke, Frau']) expect(text, secret).not.toContain(secret);
  });
});
