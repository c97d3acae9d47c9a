import { Hono } from 'hono';
import { staffRoutes } from './routes/admin/index.tsx';
import { healthRoutes } from './routes/health.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import type { AppDeps, AppEnv } from './types.ts';

/**
 * The edge: Twilio webhooks and staff pages, from Web-standard pieces only, so the same app
 * runs under Node (main.node.ts) and Deno (main.deno.ts). Stateless between requests.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.route('/', healthRoutes(deps));
  app.route('/webhook', webhookRoutes(deps));
  // Staff pages, sign-in and /api/*: after the public routes above, behind a session.
  app.route('/', staffRoutes(deps));
  app.onError((err, c) => {
    deps.logger.error({ err, path: c.req.path }, 'unhandled error');
    return c.text('Internal error', 500);
  });
  return app;
}

export type { AppDeps } from './types.ts';
