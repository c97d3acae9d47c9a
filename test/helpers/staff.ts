import { hashPassword } from '../../src/edge/auth/password.ts';
import type { StaffRole } from '../../src/domain/index.ts';
import type { Store } from '../../src/store/store.ts';

type AppLike = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

export const STAFF_USER = 'anna';
export const STAFF_PASSWORD = 'correct horse battery';

/** The `name=value` pairs of every Set-Cookie header, for the next request's Cookie header. */
export function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of res.headers.getSetCookie()) {
    const [pair] = h.split(';');
    const i = pair!.indexOf('=');
    out[pair!.slice(0, i)] = pair!.slice(i + 1);
  }
  return out;
}

export const cookieHeader = (jar: Record<string, string>) => Object.entries(jar).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join('; ');

/** The first hidden `_csrf` value in a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]*)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1]!;
}

export async function createStaff(store: Store, username = STAFF_USER, password = STAFF_PASSWORD, role: StaffRole = 'staff') {
  return store.createStaffUser(username, await hashPassword(password), new Date(), { role });
}

export const ADMIN_USER = 'zoe';
export const ADMIN_PASSWORD = 'admin password 4 tests';
export const createAdmin = (store: Store, username = ADMIN_USER, password = ADMIN_PASSWORD) => createStaff(store, username, password, 'admin');

/** Signs in through the real login form; returns a client that sends the session cookie. */
export async function signIn(app: AppLike, username = STAFF_USER, password = STAFF_PASSWORD, headers: Record<string, string> = {}) {
  const form = await app.request('/login', { headers });
  const jar = cookiesOf(form);
  const res = await app.request('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookieHeader(jar), ...headers },
    body: new URLSearchParams({ username, password, _csrf: csrfOf(await form.text()), next: '/' }).toString(),
  });
  Object.assign(jar, cookiesOf(res));
  const client = {
    jar,
    status: res.status,
    get: (path: string, extra: Record<string, string> = {}) => app.request(path, { headers: { Cookie: cookieHeader(jar), ...extra } }),
    postForm: (path: string, fields: Record<string, string>, extra: Record<string, string> = {}) =>
      app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookieHeader(jar), ...extra },
        body: new URLSearchParams(fields).toString(),
      }),
    postJson: (path: string, body: unknown, extra: Record<string, string> = {}) =>
      app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookieHeader(jar), ...extra }, body: JSON.stringify(body) }),
    /** A multipart form (a file upload), as a browser sends it. */
    postMultipart: (path: string, form: FormData, extra: Record<string, string> = {}) =>
      app.request(path, { method: 'POST', headers: { Cookie: cookieHeader(jar), ...extra }, body: form }),
    /** A CSRF token from a signed-in page. */
    csrf: async () => csrfOf(await (await app.request('/', { headers: { Cookie: cookieHeader(jar) } })).text()),
  };
  return client;
}
