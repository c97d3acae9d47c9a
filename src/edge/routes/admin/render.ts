import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { getI18n } from '../../../i18n/index.ts';
import type { Ui } from '../../../views/ui.ts';
import type { StaffEnv } from '../../middleware/session.ts';

type Ctx = Context<StaffEnv>;

/** Everything a view needs from the request, so views never see the Context. */
export function uiOf(c: Ctx): Ui {
  const lang = c.get('lang');
  const session = c.get('session');
  const url = new URL(c.req.url);
  return {
    lang,
    t: getI18n().getFixedT(lang, 'admin'),
    user: session?.username ?? null,
    admin: session?.role === 'admin',
    csrf: session?.csrfToken ?? null,
    here: url.pathname + url.search,
  };
}

export function html(c: Ctx, page: JSX.Element, status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 429 | 502 = 200) {
  c.header('Cache-Control', 'no-store');
  c.header('Vary', 'Cookie, Accept-Language');
  return c.html(`<!doctype html>${page}`, status);
}

/** A positive integer id from a path segment, or null. */
export const idParam = (v: string | undefined) => (v && /^\d{1,12}$/.test(v) ? Number(v) : null);
