import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app.ts';
import { assertAsyncProperty } from '../helpers/property.ts';
import { cookieHeader, cookiesOf, createStaff, csrfOf, signIn, STAFF_PASSWORD, STAFF_USER } from '../helpers/staff.ts';

const BASE = 'http://localhost:3000';

/** Where a browser really goes for this Location (it strips tab/CR/LF and reads `\` as `/`). */
function browserTarget(location: string): URL {
  return new URL(location, `${BASE}/lang`);
}

// What the probe sent, and variants of the same tricks.
const HOSTILE = [
  '/\t/evil.example', '/\r/evil.example', '/\n/evil.example', '/\u000b/evil.example', '/\u0000/x', '/\u007f/x',
  '//evil.example', '/\\evil.example', '/\\/evil.example', '\\\\evil.example', '/%09/x/../..//evil.example',
  'https://evil.example', 'javascript:alert(1)', ' /calls', '/calls\r\nSet-Cookie: x=1', `/${'a'.repeat(5000)}`,
];

describe('redirects after a language switch or sign-in stay on this site', () => {
  it('/lang sends every hostile `next` to / (never a 500) and keeps a plain path', async () => {
    const { app } = makeApp();
    for (const next of HOSTILE) {
      const res = await app.request(`/lang?set=en&next=${encodeURIComponent(next)}`);
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(res.headers.get('location'), JSON.stringify(next)).toBe('/');
    }
    const ok = await app.request(`/lang?set=en&next=${encodeURIComponent('/calls?status=problem&page=2')}`);
    expect(ok.headers.get('location')).toBe('/calls?status=problem&page=2');
  });

  it('the sign-in form and an already signed-in /login refuse the same targets', async () => {
    const { app, store } = makeApp();
    await createStaff(store);
    for (const next of HOSTILE) {
      const form = await app.request('/login');
      const res = await app.request('/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookieHeader(cookiesOf(form)) },
        body: new URLSearchParams({ username: STAFF_USER, password: STAFF_PASSWORD, _csrf: csrfOf(await form.text()), next }).toString(),
      });
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(res.headers.get('location'), JSON.stringify(next)).toBe('/');
    }
    const s = await signIn(app);
    for (const next of HOSTILE) {
      const res = await s.get(`/login?next=${encodeURIComponent(next)}`);
      expect(res.status).toBe(303);
      expect(res.headers.get('location'), JSON.stringify(next)).toBe('/');
    }
    // The form shown to a guest carries only a safe target too.
    const page = await (await app.request(`/login?next=${encodeURIComponent('/\t/evil.example')}`)).text();
    expect(page).toContain('<input type="hidden" name="next" value="/"/>');
  });

  it('for any `next`, the browser ends up on this origin and the answer is a 303', async () => {
    const { app } = makeApp();
    const tricky = fc.constantFrom('/', '\\', '\t', '\r', '\n', '\u000b', '\u0000', '%', '.', ':', '@', '?', '#', 'evil.example', ' ', 'ä', '%2F', '%5C');
    await assertAsyncProperty(
      fc.asyncProperty(fc.array(fc.oneof(tricky, fc.string({ maxLength: 4 })), { maxLength: 12 }), async (parts) => {
        const next = parts.join('');
        const res = await app.request(`/lang?next=${encodeURIComponent(next)}`);
        expect(res.status).toBe(303);
        const location = res.headers.get('location')!;
        expect(location).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        expect(browserTarget(location).origin).toBe(BASE);
      }),
      { numRuns: 400 },
    );
  });
});
