// Signs in to the staff pages the way a browser does: GET /login (CSRF cookie + hidden field),
// POST /login, then follow with the session cookie.

/** `name=value` pairs from Set-Cookie headers, for a Cookie request header. */
export const cookiePairs = (setCookies: string[]) => setCookies.map((c) => c.split(';')[0]!).join('; ');

export async function signIn(f: typeof fetch, base: string, username: string, password: string) {
  const form = await f(`${base}/login`);
  const formCookies = form.headers.getSetCookie();
  const html = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`no CSRF field on /login (HTTP ${form.status})`);
  const res = await f(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookiePairs(formCookies) },
    body: new URLSearchParams({ _csrf: csrf, username, password, next: '/' }).toString(),
  });
  await res.arrayBuffer();
  const sessionCookies = res.headers.getSetCookie();
  return { status: res.status, location: res.headers.get('location'), formCookies, sessionCookies, cookie: cookiePairs(sessionCookies) };
}
