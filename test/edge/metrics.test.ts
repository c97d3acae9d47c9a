import { describe, expect, it } from 'vitest';
import { makeApp, signedPost } from '../helpers/app.ts';

const LOCAL = { remoteAddress: '127.0.0.1' };

describe('GET /metrics', () => {
  it('counts webhooks by route and status, apologies, and database health, in Prometheus format', async () => {
    const { app, store, config } = makeApp();
    const call = { CallSid: 'CA1', From: '+4915112345678' };
    await signedPost(app, config, '/webhook/voice', call);
    await signedPost(app, config, '/webhook/voice', call, { signature: 'forged' });
    await signedPost(app, config, '/webhook/nope', call);
    const res = await app.request('/metrics', {}, LOCAL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('liza_webhook_duration_seconds_count{route="/webhook/voice",status="200"} 1');
    expect(text).toContain('liza_webhook_duration_seconds_count{route="/webhook/voice",status="403"} 1');
    expect(text).toContain('route="other"');
    expect(text).toContain('liza_database_up 1');
    await store.close();
    await signedPost(app, config, '/webhook/consent?lang=de-DE&n=1&m=0', { ...call, Digits: '1' });
    const after = await (await app.request('/metrics', {}, LOCAL)).text();
    expect(after).toContain('liza_database_up 0');
    expect(after).toContain('liza_webhook_apologies_total{route="/webhook/consent"} 1');
  });

  it('answers only on loopback without METRICS_TOKEN, and not to requests nginx passed on', async () => {
    const { app } = makeApp();
    expect((await app.request('/metrics', {}, { remoteAddress: '::1' })).status).toBe(200);
    expect((await app.request('/metrics', {}, { remoteAddress: '::ffff:127.0.0.1' })).status).toBe(200);
    for (const remoteAddress of ['203.0.113.9', '10.0.0.7', undefined]) {
      const res = await app.request('/metrics', {}, { remoteAddress });
      expect(res.status, String(remoteAddress)).toBe(403);
      expect(await res.text()).toContain('METRICS_TOKEN');
    }
    // Through nginx on the same host: the peer is loopback, the client is not.
    expect((await app.request('/metrics', { headers: { 'X-Real-IP': '203.0.113.9', 'X-Forwarded-For': '203.0.113.9' } }, LOCAL)).status).toBe(403);
  });

  it('with METRICS_TOKEN, answers the Bearer token from anywhere and nothing else', async () => {
    const { app } = makeApp({ METRICS_TOKEN: 'scrape-token-0123456789' });
    const get = (headers: Record<string, string>, remoteAddress = '203.0.113.9') => app.request('/metrics', { headers }, { remoteAddress });
    const ok = await get({ Authorization: 'Bearer scrape-token-0123456789' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('liza_database_up');
    for (const auth of ['Bearer wrong-token-0123456789', 'Basic c2NyYXBlOnRva2Vu', 'Bearer ', '']) expect((await get(auth ? { Authorization: auth } : {})).status, auth).toBe(401);
    // The token is required on loopback too once it is set.
    expect((await get({}, '127.0.0.1')).status).toBe(401);
  });
});
