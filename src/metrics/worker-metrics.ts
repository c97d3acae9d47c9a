import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { aiCost, type AiPriceList, type AiUsage } from '../domain/index.ts';
import type { Store } from '../store/store.ts';

/** One answer's latency (bridge/latency.ts), as the metrics take it. */
interface TurnTiming {
  engineMs: number;
  bridgeMs: number;
  playedMs: number | null;
}

const TOKEN_KINDS: Array<[keyof AiUsage, string, string]> = [
  ['inputTextTokens', 'input', 'text'],
  ['inputAudioTokens', 'input', 'audio'],
  ['inputCachedTokens', 'input', 'cached'],
  ['outputTextTokens', 'output', 'text'],
  ['outputAudioTokens', 'output', 'audio'],
];

/** Reasons an AI leg ends that mean the engine (OpenAI) failed us, not the caller or a cap. */
const ENGINE_FAILURES = new Set(['engine_unreachable', 'engine_error', 'engine_dropped']);

/** The worker's Prometheus metrics: live streams, how AI legs end, engine errors, the job queue. */
export function createWorkerMetrics(store: Store, liveStreams: () => number, prices?: AiPriceList) {
  const registry = new Registry();
  const tokens = new Counter({
    name: 'liza_ai_tokens_total',
    help: 'OpenAI Realtime tokens used by AI legs (from response.done usage), by direction and kind; cached input is also counted in text/audio',
    labelNames: ['direction', 'kind'] as const,
    registers: [registry],
  });
  const cost = new Counter({
    name: 'liza_ai_cost_usd_total',
    help: 'Estimated cost of the AI legs in US dollars, from OPENAI_PRICE_*',
    registers: [registry],
  });
  const answer = new Histogram({
    name: 'liza_ai_answer_seconds',
    help: "Liza's answer time per turn from the engine's speech_stopped: stage=sent to her first audio written to Twilio, stage=played to Twilio's mark that it played; stage=engine is the engine's share of sent",
    labelNames: ['stage'] as const,
    buckets: [0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8],
    registers: [registry],
  });
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
    help: 'AI legs ended, by reason (hangup, caller_star, end_call, transfer_to_staff, idle, engine_error, twilio_error, …)',
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
    onUsage(u: AiUsage) {
      for (const [key, direction, kind] of TOKEN_KINDS) if (u[key] > 0) tokens.inc({ direction, kind }, u[key]);
      if (prices) cost.inc(aiCost(u, prices).usd);
    },
    onTurn(t: TurnTiming) {
      answer.observe({ stage: 'engine' }, t.engineMs / 1000);
      answer.observe({ stage: 'sent' }, (t.engineMs + t.bridgeMs) / 1000);
      if (t.playedMs !== null) answer.observe({ stage: 'played' }, t.playedMs / 1000);
    },
    streamEnded(reason: string) {
      ended.inc({ reason });
      if (ENGINE_FAILURES.has(reason)) engineErrors.inc({ reason });
    },
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
