import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ErrorPage } from '../../../views/error.tsx';
import { requireCsrf } from '../../middleware/csrf.ts';
import { staffSecurityHeaders } from '../../middleware/security-headers.ts';
import { detectUiLang, loadSession, requireSession, type StaffEnv } from '../../middleware/session.ts';
import type { AppDeps } from '../../types.ts';
import { apiRoutes } from '../api.ts';
import { accountRoutes } from './account.tsx';
import { authRoutes } from './auth.tsx';
import { callRoutes } from './calls.tsx';
import { callControlRoutes } from './call-control.tsx';
import { orderImportRoutes } from './orders-import.tsx';
import { orderRoutes } from './orders.tsx';
import { pageRoutes } from './pages.tsx';
import { privacyRoutes } from './privacy.tsx';
import { settingsRoutes } from './settings.tsx';
import { html, uiOf } from './render.ts';
import { staticRoutes } from './static.ts';
import { CSV_UPLOAD_MAX } from './orders-import.tsx';

/**
 * The staff side: sign-in, pages, the JSON API and static assets. Mounted after the webhook and
 * health routes, which stay public; everything here except /login, /lang and /static needs a session.
 */
export function staffRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  app.use('*', staffSecurityHeaders());
  app.route('/', staticRoutes());
  // Staff forms and JSON are small; a bigger body is refused before anything parses it. The one
  // exception is a CSV upload on the orders page.
  const formLimit = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Payload too large', 413) });
  const uploadLimit = bodyLimit({ maxSize: CSV_UPLOAD_MAX, onError: (c) => html(c, <ErrorPage ui={uiOf(c)} status={413} reason="upload_too_large" />, 413) });
  app.use('*', (c, next) => (c.req.method === 'POST' && c.req.path === '/orders/import' ? uploadLimit : formLimit)(c, next));
  app.use('*', detectUiLang());
  app.use('*', loadSession(deps));
  app.use('*', requireSession());
  app.use('*', requireCsrf(deps, (c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: 'forbidden', reason: 'cross-site request refused' }, 403)
      : html(c, <ErrorPage ui={uiOf(c)} status={403} reason="csrf" />, 403)));
  app.route('/', authRoutes(deps));
  app.route('/api', apiRoutes(deps));
  app.route('/', pageRoutes(deps));
  app.route('/', callRoutes(deps));
  app.route('/', callControlRoutes(deps));
  app.route('/', orderImportRoutes(deps));
  app.route('/', orderRoutes(deps));
  app.route('/', accountRoutes(deps));
  app.route('/', settingsRoutes(deps));
  app.route('/', privacyRoutes(deps));
  app.notFound((c) => html(c, <ErrorPage ui={uiOf(c)} status={404} reason="not_found" />, 404));
  return app;
}
