import { describe, expect, it } from 'vitest';
import { ensureAdminAccount } from '../../src/edge/auth/ensure-admin.ts';
import { sessionIdHash } from '../../src/edge/auth/tokens.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { makeApp, signedPost } from '../helpers/app.ts';
import { cookieHeader, cookiesOf, createStaff, csrfOf, signIn, STAFF_PASSWORD, STAFF_USER } from '../helpers/staff.ts';

const PAGES = ['/', '/calls', '/calls?status=problem&lang=en-GB', '/calls/1', '/orders', '/orders/1', '/flow', '/calls.csv', '/orders.csv', '/live', '/calls/1/recordings/1.mp3'];

describe('staff sign-in and sessions', () => {
  it('sends every page without a session to /login?next=… and answers the API with 401', async () => {
    const { app } = makeApp();
    for (const p of PAGES) {
      const res = await app.request(p);
      expect(res.status, p).toBe(303);
      expect(res.headers.get('location'), p).toBe(`/login?next=${encodeURIComponent(p)}`);
    }
    for (const p of ['/api/calls/1/status', '/api/orders/1/status']) {
      const res = await app.request(p, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"status":"problem"}' });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('keeps /login, /health, /api/health, static files and signed webhooks public', async () => {
    const { app, config } = makeApp();
    for (const p of ['/login', '/health', '/api/health', '/static/app.css', '/static/live.js']) expect((await app.request(p)).status, p).toBe(200);
    const hook = await signedPost(app, config, '/webhook/voice', { CallSid: 'CApublic', From: '+4915112345678', To: '+4930123456' });
    expect(hook.status).toBe(200);
    expect(hook.type).toContain('text/xml');
  });

  it('signs in with the right password only, into a hashed server-side session in an HttpOnly, SameSite=Lax cookie', async () => {
    const { app, store } = makeApp();
    await createStaff(store);
    const user = await store.getStaffUserByName(STAFF_USER);
    expect(user!.passwordHash).toMatch(/^scrypt\$/);
    expect(user!.passwordHash).not.toContain(STAFF_PASSWORD);

    const wrong = await signIn(app, STAFF_USER, 'wrong password');
    expect(wrong.status).toBe(401);
    expect(wrong.jar.liza_session).toBeUndefined();

    const form = await app.request('/login?next=%2Fcalls%3Fstatus%3Dproblem');
    const jar = cookiesOf(form);
    const html = await form.text();
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookieHeader(jar) },
      body: new URLSearchParams({ username: STAFF_USER, password: STAFF_PASSWORD, _csrf: csrfOf(html), next: '/calls?status=problem' }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/calls?status=problem');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('liza_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const token = cookiesOf(res).liza_session!;
    // The store keeps only the SHA-256 of the cookie value.
    expect(await store.getSession(token, new Date())).toBeNull();
    expect((await store.getSession(sessionIdHash(token), new Date()))?.username).toBe(STAFF_USER);
  });

  it('marks the cookie Secure (and __Host-) when PUBLIC_BASE_URL is https', async () => {
    const { app, store } = makeApp({ PUBLIC_BASE_URL: 'https://liza.example.com' });
    await createStaff(store);
    const s = await signIn(app, STAFF_USER, STAFF_PASSWORD, { Origin: 'https://liza.example.com' });
    expect(s.status).toBe(303);
    expect(Object.keys(s.jar)).toContain('__Host-liza_session');
    expect((await s.get('/calls')).status).toBe(200);
  });

  it('refuses a sign-in form posted without its CSRF cookie, and never redirects off-site', async () => {
    const { app, store } = makeApp();
    await createStaff(store);
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: STAFF_USER, password: STAFF_PASSWORD, _csrf: 'guess' }).toString(),
    });
    expect(res.status).toBe(403);
    expect(cookiesOf(res).liza_session).toBeUndefined();

    const form = await app.request('/login');
    const ok = await app.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookieHeader(cookiesOf(form)) },
      body: new URLSearchParams({ username: STAFF_USER, password: STAFF_PASSWORD, _csrf: csrfOf(await form.text()), next: '//evil.example/x' }).toString(),
    });
    expect(ok.headers.get('location')).toBe('/');
  });

  it('throttles repeated failed sign-ins, even when the right password follows', async () => {
    const { app, store } = makeApp();
    await createStaff(store);
    for (let i = 0; i < 5; i++) expect((await signIn(app, STAFF_USER, `nope-${i}`)).status).toBe(401);
    const blocked = await signIn(app, STAFF_USER, STAFF_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.jar.liza_session).toBeUndefined();
    // Another account is not locked out by someone guessing this one.
    await createStaff(store, 'ben', 'another good password');
    expect((await signIn(app, 'ben', 'another good password')).status).toBe(303);
  });

  it('signs out with a CSRF token, and the old cookie no longer opens pages', async () => {
    const { app, store } = makeApp();
    await createStaff(store);
    const s = await signIn(app);
    expect((await s.postForm('/logout', {})).status).toBe(403);
    expect((await s.get('/')).status).toBe(200);
    const out = await s.postForm('/logout', { _csrf: await s.csrf() });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login?out=1');
    expect((await s.get('/')).status).toBe(303);
  });

  it('creates the first account from ADMIN_USER/ADMIN_PASSWORD, or prints a generated password exactly once', async () => {
    const a = makeApp({ ADMIN_USER: 'chef', ADMIN_PASSWORD: 'a long admin secret' });
    const printedA: string[] = [];
    expect(await ensureAdminAccount(a.store, a.config, silentLogger(), (m) => printedA.push(m))).toBe('chef');
    expect(printedA).toEqual([]);
    expect((await signIn(a.app, 'chef', 'a long admin secret')).status).toBe(303);

    const b = makeApp();
    const printed: string[] = [];
    expect(await ensureAdminAccount(b.store, b.config, silentLogger(), (m) => printed.push(m))).toBe('admin');
    expect(printed).toHaveLength(1);
    const password = /password: (\S+)/.exec(printed[0]!)![1]!;
    expect((await signIn(b.app, 'admin', password)).status).toBe(303);
    expect(await ensureAdminAccount(b.store, b.config, silentLogger(), (m) => printed.push(m))).toBeNull();
    expect(printed).toHaveLength(1);
  });

  it('sends security headers: a CSP without inline script, nosniff, Referrer-Policy, no framing', async () => {
    const { app, store } = makeApp();
    await createStaff(store);
    const s = await signIn(app);
    for (const res of [await app.request('/login'), await s.get('/calls')]) {
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    }
    // No inline script anywhere in a page: only <script src>.
    expect(await (await s.get('/')).text()).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('picks German or English from Accept-Language and remembers the switcher in a cookie', async () => {
    const { app, store } = makeApp();
    await createStaff(store);
    expect(await (await app.request('/login', { headers: { 'Accept-Language': 'en-GB,en;q=0.9,de;q=0.5' } })).text()).toContain('Staff sign-in');
    expect(await (await app.request('/login', { headers: { 'Accept-Language': 'fr-FR, de;q=0.8' } })).text()).toContain('Anmeldung');
    const s = await signIn(app, STAFF_USER, STAFF_PASSWORD, { 'Accept-Language': 'en-US' });
    expect(await (await s.get('/calls', { 'Accept-Language': 'en-US' })).text()).toContain('<h1>Calls</h1>');
    const sw = await s.get('/lang?set=de&next=%2Fcalls', { 'Accept-Language': 'en-US' });
    expect(sw.status).toBe(303);
    expect(sw.headers.get('location')).toBe('/calls');
    Object.assign(s.jar, cookiesOf(sw));
    expect(await (await s.get('/calls', { 'Accept-Language': 'en-US' })).text()).toContain('<h1>Anrufe</h1>');
    expect((await s.get('/lang?set=en&next=https://evil.example')).headers.get('location')).toBe('/');
  });
});
