import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { LoginPage, type LoginProps } from '../../../views/login.tsx';
import { FAILURE_WINDOW_MS, admitLogin } from '../../auth/login-throttle.ts';
import { dummyHash, verifyPassword } from '../../auth/password.ts';
import { clientAddress } from '../../client-address.ts';
import { newCsrfToken, newSessionToken, sameToken, sessionIdHash } from '../../auth/tokens.ts';
import { safeNext } from '../../auth/safe-next.ts';
import { clearSessionCookie, LANG_COOKIE, SESSION_TTL_MS, setSessionCookie, type StaffEnv } from '../../middleware/session.ts';
import type { AppDeps } from '../../types.ts';
import { html, uiOf } from './render.ts';

// Before a session exists there is no token to check; a double-submit cookie stops login CSRF.
const LOGIN_CSRF_COOKIE = 'liza_login_csrf';

export function authRoutes(deps: AppDeps) {
  const { store, config, logger } = deps;
  const now = deps.clock ?? (() => new Date());
  const app = new Hono<StaffEnv>();
  const secure = config.publicBaseUrl.startsWith('https:');

  const loginForm = (c: Context<StaffEnv>, extra: Partial<LoginProps>, status: 200 | 401 | 403 | 429 = 200) => {
    let csrf = getCookie(c, LOGIN_CSRF_COOKIE);
    if (!csrf || csrf.length > 64) {
      csrf = newCsrfToken();
      setCookie(c, LOGIN_CSRF_COOKIE, csrf, { httpOnly: true, sameSite: 'Lax', secure, path: '/login', maxAge: 3600 });
    }
    const next = safeNext(extra.next ?? c.req.query('next'));
    return html(c, <LoginPage ui={uiOf(c)} csrf={csrf} {...extra} next={next} />, status);
  };

  app.get('/login', (c) => {
    if (c.get('session')) return c.redirect(safeNext(c.req.query('next')), 303);
    return loginForm(c, { loggedOut: c.req.query('out') === '1' });
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
    const username = str('username').trim().slice(0, 100);
    const password = str('password').slice(0, 1000);
    const next = safeNext(str('next'));
    const cookieToken = getCookie(c, LOGIN_CSRF_COOKIE);
    if (!cookieToken || !sameToken(str('_csrf'), cookieToken)) return loginForm(c, { next, username, error: 'csrf' }, 403);

    const ip = clientAddress(c.env?.remoteAddress, (h) => c.req.header(h), config.trustedProxies);
    const admission = await admitLogin(store, username, ip, now());
    if (admission.kind === 'refused') {
      logger.warn({ username, ip, by: admission.by }, 'sign-in refused: too many failed attempts');
      return loginForm(c, { next, username, error: 'throttled', retryMinutes: FAILURE_WINDOW_MS / 60000 }, 429);
    }
    if (admission.delayMs > 0) {
      // Failures for this name from elsewhere: slower, never locked, so its owner still gets in.
      logger.info({ username, ip, delayMs: admission.delayMs }, 'sign-in slowed down after failed attempts for this name');
      await new Promise((r) => setTimeout(r, admission.delayMs));
    }

    const user = await store.getStaffUserByName(username);
    // Unknown users cost one scrypt too, so response time does not reveal which names exist.
    const ok = user ? await verifyPassword(password, user.passwordHash) : (await verifyPassword(password, await dummyHash()), false);
    if (!user || !ok) {
      logger.info({ username, ip }, 'failed sign-in');
      return loginForm(c, { next, username, error: 'invalid' }, 401);
    }
    // Said only to someone who knows the password: they should ask an admin, not try again.
    if (user.disabledAt) {
      logger.info({ username }, 'sign-in refused: account disabled');
      return loginForm(c, { next, username, error: 'disabled' }, 403);
    }
    await admission.succeeded();
    const token = newSessionToken();
    const at = now();
    await store.createSession({ idHash: sessionIdHash(token), userId: user.id, csrfToken: newCsrfToken(), expiresAt: new Date(at.getTime() + SESSION_TTL_MS) }, at);
    void store.pruneStaffData(at, new Date(at.getTime() - 24 * 3600_000)).catch((err) => logger.warn({ err }, 'pruning sessions failed'));
    await store.recordStaffLogin(user.id, at);
    setSessionCookie(c, config, token);
    logger.info({ username }, 'staff signed in');
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    const session = c.get('session');
    if (session) await store.deleteSession(session.id);
    clearSessionCookie(c, config);
    return c.redirect('/login?out=1', 303);
  });

  /** The language switch: a plain link, so it works without script and on the sign-in page. */
  app.get('/lang', (c) => {
    const set = c.req.query('set');
    if (set === 'de' || set === 'en') setCookie(c, LANG_COOKIE, set, { sameSite: 'Lax', secure, path: '/', maxAge: 365 * 24 * 3600 });
    return c.redirect(safeNext(c.req.query('next')), 303);
  });

  return app;
}
