import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/store.ts';

/** Seconds; webhook answers are expected in single milliseconds, so the low buckets are fine-grained. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The edge's Prometheus metrics. One registry per app (tests build many apps in one process;
 * prom-client's global registry would reject the second one).
 */
export function createEdgeMetrics(store: Store) {
  const registry = new Registry();
  const webhookSeconds = new Histogram({
    name: 'liza_webhook_duration_seconds',
    help: 'Time to answer a Twilio webhook, by route and HTTP status',
    labelNames: ['route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const webhookApologies = new Counter({
    name: 'liza_webhook_apologies_total',
    help: 'Webhooks answered with the apology TwiML because something failed',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'liza_database_up',
    help: '1 when the database answered the last scrape, else 0',
    registers: [registry],
    async collect() {
      try {
        await store.ping();
        this.set(1);
      } catch {
        this.set(0);
      }
    },
  });
  return { registry, webhookSeconds, webhookApologies };
}

export type EdgeMetrics = ReturnType<typeof createEdgeMetrics>;
