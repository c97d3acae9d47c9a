import { Hono } from 'hono';
import type { Config } from '../../config/index.ts';
import type { EdgeMetrics } from '../../metrics/edge-metrics.ts';
import { sameToken } from '../auth/tokens.ts';
import { isLoopback } from '../client-address.ts';
import type { AppEnv } from '../types.ts';

/**
 * `GET /metrics` in Prometheus text format. Without METRICS_TOKEN only a scraper on this host
 * gets it: the peer must be loopback and the request must not have come through a proxy (nginx
 * on loopback adds X-Real-IP / X-Forwarded-For for the internet's requests). With METRICS_TOKEN,
 * `Authorization: Bearer <token>` from anywhere (a scraper on another host).
 */
export function metricsRoutes(metrics: EdgeMetrics, config: Pick<Config, 'metricsToken'>) {
  const app = new Hono<AppEnv>();
  app.get('/metrics', async (c) => {
    if (config.metricsToken) {
      const auth = c.req.header('authorization') ?? '';
      const token = /^Bearer (.+)$/i.exec(auth)?.[1];
      if (!sameToken(token, config.metricsToken)) {
        return c.text('Unauthorized: send Authorization: Bearer <METRICS_TOKEN>', 401, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
      }
    } else {
      const proxied = c.req.header('x-forwarded-for') !== undefined || c.req.header('x-real-ip') !== undefined;
      if (!isLoopback(c.env?.remoteAddress) || proxied) {
        return c.text('Forbidden: /metrics answers only on loopback; set METRICS_TOKEN to scrape it from elsewhere', 403);
      }
    }
    return c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
  });
  return app;
}
