import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../types.ts';

/** `GET /health` and `GET /api/health`: 200 when the database answers, 503 when it does not. */
export function healthRoutes({ store, logger }: AppDeps) {
  const app = new Hono<AppEnv>();
  const started = Date.now();
  const check = async () => {
    try {
      await store.ping();
      return { ok: true as const, body: { status: 'ok', database: 'ok', uptimeS: Math.round((Date.now() - started) / 1000) } };
    } catch (err) {
      logger.error({ err }, 'health check: database unreachable');
      return { ok: false as const, body: { status: 'error', database: 'unreachable' } };
    }
  };
  for (const path of ['/health', '/api/health']) {
    app.get(path, async (c) => {
      const r = await check();
      return c.json(r.body, r.ok ? 200 : 503);
    });
  }
  return app;
}
