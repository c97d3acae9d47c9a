// The dashboard's live panel counts every caller on the line, consented or not, until the call
// ends, and says where each one is. Driven through the signed webhooks, as Twilio drives them.
import { describe, expect, it } from 'vitest';
import { makeApp, signedPost } from '../helpers/app.ts';
import { createStaff, signIn } from '../helpers/staff.ts';

const EN = { 'Accept-Language': 'en' };
const liveCount = (html: string) => /<strong id="live-count">(\d+)<\/strong>/.exec(html)?.[1];

describe('the live panel', () => {
  it('counts a consented caller in the IVR, shows where they are, and drops them when the call ends', async () => {
    const env = makeApp();
    await createStaff(env.store);
    const s = await signIn(env.app, undefined, undefined, EN);
    const call = { CallSid: 'CAlive000000000000000000000000001', From: '+447700900123', To: '+4930123456' };
    await signedPost(env.app, env.config, '/webhook/voice', { ...call, CallStatus: 'ringing' });
    let html = await (await s.get('/', EN)).text();
    expect(liveCount(html)).toBe('1');
    expect(html).toContain('menu: consent');

    // Consent given: the call is `processed` now, and still on the line.
    await signedPost(env.app, env.config, '/webhook/consent?lang=en-GB&n=1&m=0', { ...call, Digits: '1' });
    html = await (await s.get('/', EN)).text();
    expect(liveCount(html)).toBe('1');
    expect(html).toContain('+44 7700 900123');
    expect(html).toContain('menu: entering the order number');

    // The live-update stream sends the same fragment.
    const stream = await s.get('/live', EN);
    const reader = stream.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    expect(new TextDecoder().decode(value)).toContain('menu: entering the order number');

    await signedPost(env.app, env.config, '/webhook/status', { ...call, CallStatus: 'completed', CallDuration: '42' });
    html = await (await s.get('/', EN)).text();
    expect(liveCount(html)).toBe('0');
    expect(html).toContain('Nobody is on the line right now.');
  });

  it('shows a caller talking to the AI assistant as such', async () => {
    const env = makeApp({ OPENAI_API_KEY: 'sk-test', PUBLIC_MEDIA_URL: 'wss://liza.example/media' });
    await createStaff(env.store);
    const s = await signIn(env.app, undefined, undefined, EN);
    const call = { CallSid: 'CAlive000000000000000000000000002', From: '+4915112345678', To: '+4930123456' };
    await signedPost(env.app, env.config, '/webhook/voice', { ...call, CallStatus: 'ringing' });
    await signedPost(env.app, env.config, '/webhook/consent?lang=de-DE&n=1&m=0', { ...call, Digits: '1' });
    await signedPost(env.app, env.config, '/webhook/help?lang=de-DE&n=2&m=0', { ...call, Digits: '2' });
    const html = await (await s.get('/', EN)).text();
    expect(liveCount(html)).toBe('1');
    expect(html).toContain('talking to the AI assistant');
  });
});

describe('the /calls number filter', () => {
  it('finds +49151… when staff type 0151… (and 0049151…)', async () => {
    const env = makeApp();
    await createStaff(env.store);
    const s = await signIn(env.app);
    const call = { CallSid: 'CAnational00000000000000000000001', From: '+4915112345678', To: '+4930123456' };
    await signedPost(env.app, env.config, '/webhook/voice', { ...call, CallStatus: 'ringing' });
    await signedPost(env.app, env.config, '/webhook/consent?lang=de-DE&n=1&m=0', { ...call, Digits: '1' });
    for (const q of ['0151 1234 5678', '0151-123', '0049 151 123', '+49151123']) {
      const html = await (await s.get(`/calls?from=${encodeURIComponent(q)}`)).text();
      expect(html, q).toContain('+49 1511 2345678');
    }
    expect(await (await s.get('/calls?from=0152')).text()).not.toContain('+49 1511 2345678');
  });
});
