import { Hono } from 'hono';
import { staffRoutes } from './routes/admin/index.tsx';
import { createEdgeMetrics } from '../metrics/edge-metrics.ts';
import { shopApiRoutes } from './routes/api-v1.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import type { AppDeps, AppEnv } from './types.ts';

/**
 * The edge: Twilio webhooks and staff pages, from Web-standard pieces only, so the same app
 * runs under Node (main.node.ts) and Deno (main.deno.ts). Stateless between requests.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const metrics = deps.metrics ?? createEdgeMetrics(deps.store);
  app.route('/', healthRoutes(deps));
  app.route('/', metricsRoutes(metrics, deps.config));
  app.route('/webhook', webhookRoutes(deps, metrics));
  // The shop's machine API: API keys, not staff sessions (and so no CSRF: no cookie is involved).
  app.route('/api/v1', shopApiRoutes(deps));
  // Staff pages, sign-in and /api/*: after the public routes above, behind a session.
  app.route('/', staffRoutes(deps));
  app.onError((err, c) => {
    deps.logger.error({ err, path: c.req.path }, 'unhandled error');
    return c.text('Internal error', 500);
  });
  return app;
}

export type { AppDeps } from './types.ts';
