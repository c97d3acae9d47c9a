// The shop's machine API end to end: an admin creates an API key on the settings page, the shop
// sends its orders with it, and a caller hears the status the shop set.
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app.ts';
import { walkCall } from '../helpers/sim.ts';
import { createAdmin, signIn, ADMIN_USER, ADMIN_PASSWORD } from '../helpers/staff.ts';

type Env = ReturnType<typeof makeApp>;

/** Creates a key through the admin page, as an admin would; returns the key shown once. */
async function createKey(env: Env, name: string) {
  const admin = await signIn(env.app, ADMIN_USER, ADMIN_PASSWORD);
  const res = await admin.postForm('/settings/api-keys', { name, _csrf: await admin.csrf() });
  expect(res.status).toBe(200);
  const html = await res.text();
  const key = /<code class="secret">(liza_[A-Za-z0-9_-]+)<\/code>/.exec(html)?.[1];
  expect(key, 'the new key is shown once on the page').toBeTruthy();
  return { key: key!, admin, html };
}

async function setup() {
  const env = makeApp();
  await createAdmin(env.store);
  const { key, admin } = await createKey(env, 'shop');
  const api = (method: string, path: string, body?: string | object, headers: Record<string, string> = {}) =>
    env.app.request(path, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body !== undefined && typeof body !== 'string' ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { env, key, admin, api };
}

describe('the shop API (/api/v1)', () => {
  it('keys: a created key works, a wrong or missing one is 401, a revoked one is 401 at once', async () => {
    const { env, key, admin, api } = await setup();
    expect((await api('GET', '/api/v1/orders/4711')).status).toBe(404);
    // The page lists it by name and prefix, never the whole key again; its last use is recorded.
    const list = await (await admin.get('/settings/api-keys')).text();
    expect(list).toContain('shop');
    expect(list).toContain(key.slice(0, 11));
    expect(list).not.toContain(key);
    expect((await env.store.listApiKeys())[0]!.lastUsedAt).not.toBeNull();

    for (const auth of [undefined, 'Bearer liza_wrong', `Basic ${key}`, `Bearer ${key}x`]) {
      const res = await env.app.request('/api/v1/orders/4711', { headers: auth ? { Authorization: auth } : {} });
      expect(res.status, String(auth)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="liza"/);
      expect((await res.json()).reason).toBeTruthy();
    }
    // A staff session is no key: the API does not accept cookies.
    expect((await admin.get('/api/v1/orders/4711')).status).toBe(401);

    const id = (await env.store.listApiKeys())[0]!.id;
    expect((await admin.postForm(`/settings/api-keys/${id}/revoke`, { _csrf: await admin.csrf() })).status).toBe(303);
    const revoked = await api('GET', '/api/v1/orders/4711');
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).reason).toMatch(/revoked/);
  });

  it('PUT upserts idempotently, shows in the history as the key, and GET returns it', async () => {
    const { env, api } = await setup();
    const body = { status: 'processing', phones: ['+49 151 12345678'], name: 'Anna Müller', note: 'Geschenk', updatedAt: '2026-03-02T10:00:00Z' };
    const first = await api('PUT', '/api/v1/orders/4711', body);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ result: 'created', order: { number: '4711', status: 'processing', phones: ['+4915112345678'], name: 'Anna Müller', source: 'shop', updatedAt: '2026-03-02T10:00:00.000Z' } });
    const again = await api('PUT', '/api/v1/orders/4711', body);
    expect(again.status).toBe(200);
    expect((await again.json()).result).toBe('unchanged');
    const shipped = await api('PUT', '/api/v1/orders/4711', { status: 'shipped', updatedAt: '2026-03-02T12:00:00+01:00' });
    expect(await shipped.json()).toMatchObject({ result: 'updated', order: { status: 'shipped', name: 'Anna Müller' } });
    // Older than what was applied: not applied, and said so.
    const old = await api('PUT', '/api/v1/orders/4711', { status: 'received', updatedAt: '2026-03-01T09:00:00Z' });
    expect(await old.json()).toMatchObject({ result: 'stale', order: { status: 'shipped' } });
    expect(await (await api('GET', '/api/v1/orders/4711')).json()).toMatchObject({ order: { number: '4711', status: 'shipped', note: 'Geschenk' } });

    // The order's page shows where it came from and who changed it.
    const admin = await signIn(env.app, ADMIN_USER, ADMIN_PASSWORD, { 'Accept-Language': 'en' });
    const order = (await env.store.getOrderByNumber('4711'))!;
    const page = await (await admin.get(`/orders/${order.id}`, { 'Accept-Language': 'en' })).text();
    expect(page).toContain('API key “shop”</strong> created the order from the shop&#39;s data');
    expect(page).toContain('API key “shop”</strong> changed status: Processing → Shipped');
    expect(page).toContain('Anna Müller');
  });

  it('400 with the reason for bad JSON, a bad status, a bad number or an unknown field; 415 without JSON', async () => {
    const { env, api } = await setup();
    const cases: Array<[string, string | object, RegExp]> = [
      ['/api/v1/orders/4711', '{"status": "shipped"', /not valid JSON/],
      ['/api/v1/orders/4711', { status: 'sent' }, /unknown status "sent"; use one of received, processing, shipped, delivered, cancelled/],
      ['/api/v1/orders/4711', { status: 'shipped', phone: '+4915112345678' }, /unknown field "phone"/],
      ['/api/v1/orders/4711', { status: 'shipped', phones: ['0151 123'] }, /E\.164/],
      ['/api/v1/orders/4711', { status: 'shipped', updatedAt: '2026-03-02 10:00' }, /ISO 8601/],
      ['/api/v1/orders/12', { status: 'shipped' }, /4 to 12 digits/],
      ['/api/v1/orders/4711', { number: '4712', status: 'shipped' }, /the URL says "4711"/],
    ];
    for (const [path, body, reason] of cases) {
      const res = await api('PUT', path, body, typeof body === 'string' ? { 'Content-Type': 'application/json' } : {});
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).reason).toMatch(reason);
    }
    expect((await api('PUT', '/api/v1/orders/4711', 'status=shipped', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect(await env.store.getOrderByNumber('4711')).toBeNull();
  });

  it('import: a bad line applies nothing and names its line; a good file applies all', async () => {
    const { env, api } = await setup();
    await api('PUT', '/api/v1/orders/1001', { status: 'received' });
    const lines = [
      JSON.stringify({ number: '1001', status: 'shipped' }),
      '',
      JSON.stringify({ number: '1002', status: 'processing', name: 'Ben' }),
      JSON.stringify({ number: '1003', status: 'lost' }),
      '{not json',
      JSON.stringify({ number: '1002', status: 'shipped' }),
    ];
    const bad = await api('POST', '/api/v1/orders/import', lines.join('\n'), { 'Content-Type': 'application/x-ndjson' });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body).toMatchObject({ error: 'invalid_lines', errorCount: 3, reason: '3 lines have errors; nothing was imported' });
    expect(body.errors.map((e: { line: number }) => e.line)).toEqual([4, 5, 6]);
    expect(body.errors[2].reason).toMatch(/already on line 3/);
    expect((await env.store.getOrderByNumber('1001'))!.status).toBe('received');
    expect(await env.store.getOrderByNumber('1002')).toBeNull();

    const good = await api('POST', '/api/v1/orders/import', [lines[0], lines[2], JSON.stringify({ number: '1004', status: 'delivered' })].join('\n') + '\n');
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ imported: 3, created: 2, updated: 1, unchanged: 0, stale: 0, staleNumbers: [] });
    expect((await env.store.getOrderByNumber('1001'))!.status).toBe('shipped');

    const tooMany = Array.from({ length: 10_001 }, (_, i) => JSON.stringify({ number: String(200000 + i), status: 'received' })).join('\n');
    const refused = await api('POST', '/api/v1/orders/import', tooMany);
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors[0].reason).toMatch(/at most 10000/);
    expect(await env.store.getOrderByNumber('200000')).toBeNull();
  });

  it('DELETE removes the order, its calls stay and say so; a second DELETE is 404', async () => {
    const { env, api } = await setup();
    await api('PUT', '/api/v1/orders/4711', { status: 'shipped' });
    const call = await walkCall(env.app, env.config, '+447700900123', ['1', '4711#', '1', '9']);
    const res = await api('DELETE', '/api/v1/orders/4711');
    expect(await res.json()).toEqual({ deleted: true, number: '4711', unlinkedCalls: 1 });
    expect((await api('GET', '/api/v1/orders/4711')).status).toBe(404);
    expect((await api('DELETE', '/api/v1/orders/4711')).status).toBe(404);
    const c = (await env.store.getCallBySid(call.callSid))!;
    expect((await env.store.listCallEvents(c.id)).some((e) => e.step === 'order_deleted' && e.text === '4711')).toBe(true);
  });

  it('a signed call with the number hears the status the shop set, and the shop can confirm a noted order', async () => {
    const { env, api } = await setup();
    await api('PUT', '/api/v1/orders/20251124', { status: 'shipped' });
    const r = await walkCall(env.app, env.config, '+447700900123', ['1', '20251124#', '1', '9']);
    expect(r.text).toContain('Your order has been dispatched and is on its way to you.');
    expect(r.text).not.toContain('noted');

    // A number a caller noted; the shop sends it later; the next caller hears the real status.
    const noted = await walkCall(env.app, env.config, '+4915112345678', ['1', '5555#', '1', '9']);
    expect(noted.text).toContain('Ich habe mir die Bestellnummer 5 5 5 5 notiert');
    expect(await (await api('PUT', '/api/v1/orders/5555', { status: 'received' })).json()).toMatchObject({ result: 'updated', order: { source: 'shop' } });
    const later = await walkCall(env.app, env.config, '+4915112345678', ['1', '5555#', '1', '9']);
    expect(later.text).toContain('Ihre Bestellung ist bei uns eingegangen');
    const o = (await env.store.getOrderByNumber('5555'))!;
    expect((await env.store.listAudit('order', o.id)).map((a) => [a.field, a.actor])).toEqual([['created', `call:${noted.callSid}`], ['source', 'key:shop']]);
  });
});
