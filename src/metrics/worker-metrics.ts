import { Counter, Gauge, Registry } from 'prom-client';
import type { Store } from '../store/store.ts';

/** Reasons an AI leg ends that mean the engine (OpenAI) failed us, not the caller or a cap. */
const ENGINE_FAILURES = new Set(['engine_unreachable', 'engine_error', 'engine_dropped']);

/** The worker's Prometheus metrics: live streams, how AI legs end, engine errors, the job queue. */
export function createWorkerMetrics(store: Store, liveStreams: () => number) {
  const registry = new Registry();
  new Gauge({
    name: 'liza_media_streams_live',
    help: 'Twilio media streams bridged to the AI engine right now',
    registers: [registry],
    collect() {
      this.set(liveStreams());
    },
  });
  const ended = new Counter({
    name: 'liza_media_streams_ended_total',
    help: 'AI legs ended, by reason (caller_hangup, engine_dropped, max_call_seconds, …)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const engineErrors = new Counter({
    name: 'liza_engine_errors_total',
    help: 'AI legs ended because the engine could not be reached, reported an error or dropped',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'liza_jobs',
    help: 'Durable jobs waiting or running (queue depth), by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      // Queued and running jobs are few by nature; done and failed ones are history, not depth.
      for (const status of ['queued', 'running'] as const) this.set({ status }, (await store.listJobs({ status })).length);
    },
  });
  new Gauge({
    name: 'liza_database_up',
    help: '1 when the database answered the last scrape, else 0',
    registers: [registry],
    async collect() {
      this.set(await store.ping().then(() => 1, () => 0));
    },
  });
  return {
    registry,
    streamEnded(reason: string) {
      ended.inc({ reason });
      if (ENGINE_FAILURES.has(reason)) engineErrors.inc({ reason });
    },
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
