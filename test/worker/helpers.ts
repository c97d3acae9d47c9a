import { parseConfig, type Config } from '../../src/config/index.ts';
import { silentLogger, type Logger } from '../../src/log/logger.ts';
import { createWorkerMetrics } from '../../src/metrics/worker-metrics.ts';
import { createStore } from '../../src/store/index.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/store.ts';
import { createOpenAiRealtimeEngine, realtimeConfigFrom } from '../../src/worker/engine/openai-realtime.ts';
import { createWorkerServer, type WorkerServer } from '../../src/worker/server.ts';
import { startFakeRealtime, type FakeRealtime, type FakeRealtimeOptions } from '../fakes/fake-realtime.ts';
import { connectFakeTwilioStream, type FakeTwilioOptions } from '../fakes/fake-twilio-stream.ts';
import { createManualTimers, type ManualTimers } from '../helpers/manual-timers.ts';

export const TOKEN = 'worker-test-token-0123456789';

export interface TestWorker {
  worker: WorkerServer;
  store: Store;
  config: Config;
  realtime: FakeRealtime;
  mediaUrl: string;
  port: number;
  /**
   * The worker's timers (engine connect timeout, stream start and call-length caps, drain bound):
   * none runs out unless the test fires it, so a slow machine never ends a call early.
   */
  timers: ManualTimers;
  /** A call whose caller chose the AI at the help menu (`key`: the IVR event's, one per choice). */
  makeCall(callSid: string, lang?: 'de-DE' | 'en-GB' | 'en-US', key?: string): Promise<void>;
  twilio(o?: Partial<FakeTwilioOptions>): ReturnType<typeof connectFakeTwilioStream>;
  close(): Promise<void>;
}

/** A real worker server on port 0 with a real :memory: store and the real Realtime adapter aimed at a fake. */
export async function startTestWorker(
  env: Record<string, string> = {},
  fake: FakeRealtimeOptions = {},
  opts: { logger?: Logger; clock?: () => Date; dbFile?: string; storeUrl?: string; appendBatchFrames?: number } = {},
): Promise<TestWorker> {
  const realtime = await startFakeRealtime(fake);
  const config = parseConfig({ TWILIO_AUTH_TOKEN: TOKEN, OPENAI_API_KEY: 'sk-test', OPENAI_REALTIME_URL: realtime.url, ...env });
  const store = opts.storeUrl ? await createStore(opts.storeUrl) : createSqliteStore(opts.dbFile ?? ':memory:');
  const logger = opts.logger ?? silentLogger();
  const timers = createManualTimers();
  const engine = createOpenAiRealtimeEngine({ ...realtimeConfigFrom(config, logger), timers, appendBatchFrames: opts.appendBatchFrames });
  const metrics = createWorkerMetrics(store, () => worker.liveStreams(), config.prices);
  const worker: WorkerServer = createWorkerServer({
    store, engine, logger, authToken: config.twilio.authToken, publicMediaUrl: config.publicMediaUrl,
    maxStreams: config.maxStreams, maxCallSeconds: config.maxCallSeconds, metrics, timers, clock: opts.clock,
    staffEnabled: config.staffPhoneNumber !== null, idleSeconds: config.aiIdleSeconds,
  });
  const port = await worker.listen(0, '127.0.0.1');
  const mediaUrl = `ws://127.0.0.1:${port}/media`;
  return {
    worker, store, config, realtime, mediaUrl, port, timers,
    async makeCall(callSid, lang = 'de-DE', key = 'help') {
      await store.applyTurn({
        call: { callSid, fromMasked: '+49151****678', toNumber: null, language: lang, at: new Date() },
        // As the edge records a caller choosing the AI at the help menu: the worker admits a
        // stream only for a call waiting for its AI leg.
        event: { key, kind: 'ivr', step: 'help', detail: { next: 'connect_ai' }, at: new Date() },
      });
    },
    twilio(o = {}) {
      // Twilio signs PUBLIC_MEDIA_URL (the default ws://localhost:3001/media), whatever socket it reaches.
      return connectFakeTwilioStream({ url: mediaUrl, signedUrl: config.publicMediaUrl, authToken: TOKEN, ...o });
    },
    async close() {
      await drainNow(worker, timers);
      await realtime.close();
      await store.close();
    },
  };
}

/** A clock one second further on at every reading: what happened first reads as earlier, never as the same instant. */
export function tickingClock(start = new Date()): () => Date {
  let t = start.getTime();
  return () => new Date((t += 1000));
}

/** `drain(0)` with manual timers: its zero bound is fired at once, as real timers would. */
export async function drainNow(worker: WorkerServer, timers: ManualTimers): Promise<void> {
  const drained = worker.drain(0);
  for (const t of timers.pending()) if (t.ms === 0) t.fire();
  await drained;
}

/** Deterministic "audio": a repeating byte ramp, so order and loss are visible. */
export function testAudio(bytes: number, seed = 0): Buffer {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = (i * 7 + seed) & 0xff;
  return b;
}

export { eventually } from '../helpers/wait.ts';

/** A call that left a voice message: the recording callback the edge stores (with its transcribe job). */
export async function leaveVoiceMessage(s: Store, callSid: string, recordingSid: string, url: string) {
  await s.applyTurn({
    call: { callSid, fromMasked: '+49151****678', toNumber: null, language: 'de-DE', at: new Date() },
    event: { key: 'voice', kind: 'ivr', step: 'greeting', at: new Date() },
  });
  const rec = await s.saveRecording({ callSid, recordingSid, url, status: 'completed', durationS: 7, at: new Date() });
  return { rec: rec!, call: (await s.getCallBySid(callSid))! };
}

