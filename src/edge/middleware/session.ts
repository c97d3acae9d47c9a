import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { languageDetector } from 'hono/language';
import type { Config } from '../../config/index.ts';
import type { StaffSession } from '../../domain/index.ts';
import { UI_LANGS, type UiLang } from '../../i18n/index.ts';
import { sessionIdHash } from '../auth/tokens.ts';
import type { AppDeps, AppEnv } from '../types.ts';

export type StaffEnv = {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & {
    session: StaffSession | null;
    lang: UiLang;
    /** Set by detectUiLang() (hono's languageDetector), one of UI_LANGS. */
    language: string;
  };
};

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const LANG_COOKIE = 'liza_lang';

const isSecure = (config: Config) => config.publicBaseUrl.startsWith('https:');
/** `__Host-` pins the cookie to this origin and path `/`; browsers accept it only with Secure. */
export const sessionCookieName = (config: Config) => (isSecure(config) ? '__Host-liza_session' : 'liza_session');

export function setSessionCookie(c: Context, config: Config, token: string) {
  setCookie(c, sessionCookieName(config), token, {
    httpOnly: true, sameSite: 'Lax', secure: isSecure(config), path: '/', maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(c: Context, config: Config) {
  deleteCookie(c, sessionCookieName(config), { path: '/', secure: isSecure(config) });
}

/**
 * The staff UI language, by hono's detector: the switcher's cookie, else the best Accept-Language
 * match (by q, `en-GB` counts as `en`), else German. Never cached by the detector: only the
 * switcher sets the cookie.
 */
export function detectUiLang(): MiddlewareHandler<StaffEnv> {
  return languageDetector({
    order: ['cookie', 'header'],
    lookupCookie: LANG_COOKIE,
    supportedLanguages: [...UI_LANGS],
    fallbackLanguage: 'de',
    caches: false,
  });
}

/** Loads the session (if any) and the UI language (after detectUiLang) for every staff request. */
export function loadSession({ store, config, clock }: AppDeps): MiddlewareHandler<StaffEnv> {
  const now = clock ?? (() => new Date());
  return async (c, next) => {
    const token = getCookie(c, sessionCookieName(config));
    const session = token && token.length <= 128 ? await store.getSession(sessionIdHash(token), now()) : null;
    c.set('session', session);
    c.set('lang', c.get('language') as UiLang); // detectUiLang() ran first and knows only these
    await next();
  };
}

const PUBLIC = [/^\/login$/, /^\/lang$/, /^\/static\//, /^\/health$/, /^\/api\/health$/, /^\/webhook\//];

/** Everything but the public paths needs a session: pages go to the sign-in, the API answers 401. */
export function requireSession(): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    if (c.get('session') || PUBLIC.some((re) => re.test(c.req.path))) return next();
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'unauthorized', reason: 'sign in first' }, 401);
    const url = new URL(c.req.url);
    const back = c.req.method === 'GET' ? url.pathname + url.search : '/';
    return c.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
  };
}

/**
 * Admin pages and endpoints: a `staff` user gets 403 (the page for a browser). The session is
 * checked first by requireSession(), so here there always is one.
 */
export function requireAdmin(refuse: (c: Context<StaffEnv>) => Response | Promise<Response>): MiddlewareHandler<StaffEnv> {
  return async (c, next) => (c.get('session')?.role === 'admin' ? next() : refuse(c));
}
