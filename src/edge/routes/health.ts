import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../types.ts';

/** `GET /health` and `GET /api/health`: 200 when the database answers and takes writes, else 503 with the reason. */
export function healthRoutes({ store, logger }: AppDeps) {
  const app = new Hono<AppEnv>();
  const started = Date.now();
  const check = async () => {
    try {
      await store.ping();
      try {
        await store.checkWritable();
      } catch (err) {
        // Reads work, writes do not: every webhook would apologise, so this is not healthy.
        const reason = err instanceof Error ? err.message : String(err);
        logger.error({ err }, 'health check: database cannot be written');
        return { ok: false as const, body: { status: 'error', database: 'not_writable', reason } };
      }
      return { ok: true as const, body: { status: 'ok', database: 'ok', uptimeS: Math.round((Date.now() - started) / 1000) } };
    } catch (err) {
      logger.error({ err }, 'health check: database unreachable');
      return { ok: false as const, body: { status: 'error', database: 'unreachable' } };
    }
  };
  for (const path of ['/health', '/api/health']) {
    app.get(path, async (c) => {
      const r = await check();
      // `npm run doctor` reads this to tell whether nginx (which sets it) is in front.
      const proxy = { forwardedProto: c.req.header('x-forwarded-proto') ?? null };
      return c.json({ ...r.body, proxy }, r.ok ? 200 : 503);
    });
  }
  return app;
}
