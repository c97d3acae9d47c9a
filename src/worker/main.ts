// The worker process: Media Streams server + durable jobs. Reads the environment once, here.
import { loadConfigOrExit } from '../config/load.ts';
import { createLogger } from '../log/logger.ts';
import { collectDefaultMetrics } from 'prom-client';
import { createWorkerMetrics } from '../metrics/worker-metrics.ts';
import { openStoreOrExit } from '../ops/wait-for-database.ts';
import { createOpenAiRealtimeEngine, realtimeConfigFrom } from './engine/openai-realtime.ts';
import { createJobRunner, type JobHandler } from './jobs/runner.ts';
import { createSummarizeHandler } from './jobs/summarize.ts';
import { createRetentionHandler, RETENTION_JOB, scheduleRetention } from './jobs/retention.ts';
import { createTranscribeHandler } from './jobs/transcribe.ts';
import { createRecordingDeleter } from '../privacy/twilio-recordings.ts';
import { createWorkerServer } from './server.ts';
import { sweepStaleAiLegs } from './stale-legs.ts';

/** Live calls get this long to end by themselves at SIGTERM (inside Docker's 10 s stop timeout). */
const STREAM_DRAIN_MS = 7_000;
/** A running job gets this long to finish before it is aborted and given back to the queue. */
const JOB_GRACE_MS = 5_000;

const config = loadConfigOrExit('worker');
const logger = createLogger(config.logLevel, 'worker');
// Waits (bounded, a log line per attempt) for a database that is still starting.
const store = await openStoreOrExit(config.databaseUrl, logger, (code) => process.exit(code));

const engine = createOpenAiRealtimeEngine(realtimeConfigFrom(config, logger));
// The server is created below; the metrics only need its live count when scraped.
const metrics = createWorkerMetrics(store, () => server.liveStreams(), config.prices);
collectDefaultMetrics({ register: metrics.registry });
const server = createWorkerServer({
  metrics,
  store,
  engine,
  logger,
  authToken: config.twilio.authToken,
  publicMediaUrl: config.publicMediaUrl,
  maxStreams: config.maxStreams,
  maxCallSeconds: config.maxCallSeconds,
  staffEnabled: config.staffPhoneNumber !== null,
  idleSeconds: config.aiIdleSeconds,
});

// Without OPENAI_API_KEY transcription and summaries are off: the jobs stay queued until a key is configured.
const handlers: Record<string, JobHandler> = {};
if (config.openai.apiKey) {
  handlers.transcribe = createTranscribeHandler({
    store,
    twilio: config.twilio,
    openai: { apiKey: config.openai.apiKey, baseUrl: config.openai.baseUrl, model: config.openai.transcribeModel },
  });
  handlers.summarize = createSummarizeHandler({
    store,
    lang: config.summaryLang,
    openai: { apiKey: config.openai.apiKey, baseUrl: config.openai.baseUrl, model: config.openai.summaryModel },
  });
}
// Retention erases personal data older than RETENTION_DAYS, daily; Twilio's recordings included.
handlers[RETENTION_JOB] = createRetentionHandler({ store, deleteRecording: createRecordingDeleter(config.twilio), retentionDays: config.retentionDays, logger });
const jobs = createJobRunner({ store, logger, handlers });
await scheduleRetention(store, new Date());

const port = await server.listen(config.workerPort, config.host);
jobs.start();
// AI legs a dead worker left open get a recorded end (issue 11, point 7).
const stopSweep = sweepStaleAiLegs({ store, logger, maxCallSeconds: config.maxCallSeconds });
logger.info(
  { port, host: config.host, mediaUrl: config.publicMediaUrl, engineConfigured: engine.configured, jobs: Object.keys(handlers) },
  `worker listening on http://${config.host}:${port} (media at ${config.publicMediaUrl})`,
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, streams: server.liveStreams() }, 'worker stopping');
  stopSweep();
  await Promise.all([server.drain(STREAM_DRAIN_MS), jobs.stop(JOB_GRACE_MS)]);
  await store.close();
  logger.info('worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
