import { describe, expect, it } from 'vitest';
import { makeApp, signedPost } from '../helpers/app.ts';

describe('GET /metrics', () => {
  it('counts webhooks by route and status, apologies, and database health, in Prometheus format', async () => {
    const { app, store, config } = makeApp();
    const call = { CallSid: 'CA1', From: '+4915112345678' };
    await signedPost(app, config, '/webhook/voice', call);
    await signedPost(app, config, '/webhook/voice', call, { signature: 'forged' });
    await signedPost(app, config, '/webhook/nope', call);
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('liza_webhook_duration_seconds_count{route="/webhook/voice",status="200"} 1');
    expect(text).toContain('liza_webhook_duration_seconds_count{route="/webhook/voice",status="403"} 1');
    expect(text).toContain('route="other"');
    expect(text).toContain('liza_database_up 1');
    await store.close();
    await signedPost(app, config, '/webhook/consent?lang=de-DE&n=1&m=0', { ...call, Digits: '1' });
    const after = await (await app.request('/metrics')).text();
    expect(after).toContain('liza_database_up 0');
    expect(after).toContain('liza_webhook_apologies_total{route="/webhook/consent"} 1');
  });
});
