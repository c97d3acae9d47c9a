import { Hono } from 'hono';
import type { EdgeMetrics } from '../../metrics/edge-metrics.ts';
import type { AppEnv } from '../types.ts';

/**
 * `GET /metrics` in Prometheus text format. Unauthenticated like /health, for a scraper on the
 * internal network; the shipped nginx site does not pass it through from the internet.
 */
export function metricsRoutes(metrics: EdgeMetrics) {
  const app = new Hono<AppEnv>();
  app.get('/metrics', async (c) => c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }));
  return app;
}
