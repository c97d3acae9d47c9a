import { Hono } from 'hono';
import { APP_CSS } from '../../static/app-css.ts';
import { LIVE_JS } from '../../static/live-js.ts';
import { RECORDING_JS } from '../../static/recording-js.ts';

const ASSETS: Record<string, { type: string; body: string }> = {
  'app.css': { type: 'text/css; charset=utf-8', body: APP_CSS },
  'live.js': { type: 'text/javascript; charset=utf-8', body: LIVE_JS },
  'recording.js': { type: 'text/javascript; charset=utf-8', body: RECORDING_JS },
};

/** Public static assets (no session needed: the sign-in page uses them). */
export function staticRoutes() {
  const app = new Hono();
  app.get('/static/:name', (c) => {
    const a = ASSETS[c.req.param('name')];
    if (!a) return c.text('Not found', 404);
    return c.body(a.body, 200, { 'Content-Type': a.type, 'Cache-Control': 'public, max-age=300' });
  });
  return app;
}
