// Issue 13 through the real processes: `npm run edge` and `npm run worker` entries on one SQLite
// file, the fake Realtime engine, a fake Twilio stream. The worker stores each leg's end reason
// before it closes the stream, so the <Connect action> Twilio then requests gets the right TwiML.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatStateQuery } from '../../src/ivr/state-codec.ts';
import { startFakeRealtime, type FakeRealtime } from '../fakes/fake-realtime.ts';
import { connectFakeTwilioStream } from '../fakes/fake-twilio-stream.ts';
import { freePort, startTs, tempDir, waitForHealth, type Started } from '../helpers/spawn-edge.ts';
import { postSignedForm } from '../helpers/signed-http.ts';
import { eventually } from '../helpers/wait.ts';

const TOKEN = 'ai-processes-token-012345';
const STAFF = '+4930555000';

describe('the AI leg that acts, real edge and worker processes', () => {
  let edge: Started;
  let worker: Started;
  let engine: FakeRealtime;
  let base = '';
  let mediaUrl = '';
  let workerPort = 0;

  beforeAll(async () => {
    engine = await startFakeRealtime();
    const edgePort = await freePort();
    workerPort = await freePort();
    base = `http://127.0.0.1:${edgePort}`;
    mediaUrl = `ws://127.0.0.1:${workerPort}/media`;
    const env = {
      DATABASE_URL: join(tempDir('liza-ai-proc-'), 'liza.db'), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: base, PUBLIC_MEDIA_URL: mediaUrl,
      PORT: String(edgePort), WORKER_PORT: String(workerPort), OPENAI_API_KEY: 'sk-test', OPENAI_REALTIME_URL: engine.url, STAFF_PHONE_NUMBER: STAFF, LOG_LEVEL: 'info',
    };
    edge = startTs('src/edge/main.node.ts', env);
    await waitForHealth(`${base}/health`, edge);
    worker = startTs('src/worker/main.ts', env);
    await waitForHealth(`http://127.0.0.1:${workerPort}/health`, worker);
  }, 60_000);

  afterAll(async () => {
    await edge?.stop();
    await worker?.stop();
    await engine?.close();
  });

  /** A call through the edge to the help menu's option 2, its stream connected to the worker. */
  async function aiLeg(n: number) {
    const callSid = 'CA' + String(n).repeat(32);
    const params = { CallSid: callSid, From: '+4915112345678', To: '+4930123456', CallStatus: 'ringing' };
    expect((await postSignedForm(`${base}/webhook/voice`, params, TOKEN)).status).toBe(200);
    const help = `${base}/webhook/help?${formatStateQuery({ node: 'help', lang: 'de-DE', seq: 4, misses: 0, order: null })}`;
    const twiml = await (await postSignedForm(help, { ...params, Digits: '2' }, TOKEN)).text();
    const action = /<Connect action="([^"]+)"/.exec(twiml)![1]!.replaceAll('&amp;', '&');
    expect(twiml).not.toContain('name="order"');
    // The per-call stream token the edge put in the TwiML is what Twilio hands the worker.
    const token = /<Parameter name="token" value="([^"]+)"\/>/.exec(twiml)![1]!;
    const tw = await connectFakeTwilioStream({ url: mediaUrl, authToken: TOKEN, callSid, marks: 'manual', customParameters: { call: callSid, lang: 'de-DE', token } });
    tw.start();
    const session = await engine.nextSession();
    await session.waitForEvent((e) => e.type === 'session.update');
    /** What Twilio does once the stream has closed: request the <Connect action>. */
    const streamEnd = async () => {
      await tw.closed;
      return (await postSignedForm(action, params, TOKEN)).text();
    };
    return { tw, session, streamEnd };
  }

  it('end_call: the goodbye plays to its mark, then stream_end says goodbye and hangs up', async () => {
    const { tw, session, streamEnd } = await aiLeg(1);
    await session.toolCall('end_call', {}, { audio: Buffer.alloc(1600, 0x55) });
    await eventually(() => tw.marksReceived.length, (n) => n === 2);
    tw.echoMarks(2);
    const twiml = await streamEnd();
    expect(twiml).toContain('<Hangup/>');
    expect(twiml).toContain('Auf Wiederhören');
  });

  it('0 on the keypad: stream_end dials staff', async () => {
    const { tw, streamEnd } = await aiLeg(2);
    tw.sendDtmf('0');
    const twiml = await streamEnd();
    expect(twiml).toContain(`>${STAFF}</Dial>`);
  });

  it('* on the keypad: straight back to the help menu', async () => {
    const { tw, streamEnd } = await aiLeg(3);
    tw.sendDtmf('*');
    const twiml = await streamEnd();
    expect(twiml).toContain('/webhook/help');
    expect(twiml).not.toContain('Entschuldigung');
  });

  it('an engine failure: the apology and the help menu; the worker\'s /metrics count each end reason', async () => {
    const { session, streamEnd } = await aiLeg(4);
    session.send({ type: 'error', error: { type: 'server_error', code: 'server_error', message: 'boom' } });
    const twiml = await streamEnd();
    expect(twiml).toContain('Entschuldigung');
    expect(twiml).toContain('/webhook/help');
    const metrics = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text();
    for (const r of ['end_call', 'transfer_to_staff', 'caller_star', 'engine_error']) expect(metrics).toContain(`liza_media_streams_ended_total{reason="${r}"} 1`);
  });
});
