import { describe, expect, it } from 'vitest';
import { signTwilioRequest } from '../../src/telephony/signature.ts';
import { makeApp, signedPost } from '../helpers/app.ts';

const call = { CallSid: 'CA00000000000000000000000000000001', From: '+4915112345678', To: '+4930123456', CallStatus: 'in-progress', AccountSid: 'AC1' };

describe('signature checks', () => {
  it('refuses a missing or wrong signature with 403 and writes nothing', async () => {
    const { app, store, config } = makeApp();
    const none = await app.request('/webhook/voice', { method: 'POST', body: new URLSearchParams(call), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(none.status).toBe(403);
    const wrong = await signedPost(app, config, '/webhook/voice', call, { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    expect(wrong.status).toBe(403);
    const otherToken = signTwilioRequest('not-the-token', config.publicBaseUrl + '/webhook/voice', call);
    expect((await signedPost(app, config, '/webhook/voice', call, { signature: otherToken })).status).toBe(403);
    expect(await store.getCallBySid(call.CallSid)).toBeNull();
  });

  it('refuses a body changed after signing', async () => {
    const { app, store, config } = makeApp();
    const sig = signTwilioRequest(config.twilio.authToken, config.publicBaseUrl + '/webhook/order_confirm?lang=de-DE&n=3&m=0&o=1234', { ...call, Digits: '2' });
    const r = await signedPost(app, config, '/webhook/order_confirm?lang=de-DE&n=3&m=0&o=1234', { ...call, Digits: '1' }, { signature: sig });
    expect(r.status).toBe(403);
    expect(await store.getOrderByNumber('1234')).toBeNull();
  });

  it('refuses a tampered query string (the state travels signed)', async () => {
    const { app, store, config } = makeApp();
    const sig = signTwilioRequest(config.twilio.authToken, config.publicBaseUrl + '/webhook/order_confirm?lang=de-DE&n=3&m=0&o=1234', { ...call, Digits: '1' });
    const r = await signedPost(app, config, '/webhook/order_confirm?lang=de-DE&n=3&m=0&o=9999', { ...call, Digits: '1' }, { signature: sig });
    expect(r.status).toBe(403);
    expect(await store.getOrderByNumber('9999')).toBeNull();
  });

  it('checks against PUBLIC_BASE_URL, never Host or X-Forwarded-Host', async () => {
    const { app, store, config } = makeApp({ PUBLIC_BASE_URL: 'https://liza.example' });
    // A signature an attacker made for their own host does not pass, whatever the headers claim.
    const forged = signTwilioRequest(config.twilio.authToken, 'https://evil.example/webhook/voice', call);
    const r = await signedPost(app, config, '/webhook/voice', call, { signature: forged, headers: { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' } });
    expect(r.status).toBe(403);
    expect(await store.getCallBySid(call.CallSid)).toBeNull();
  });

  it('accepts the public URL signed with and without the default port', async () => {
    const { app, config } = makeApp({ PUBLIC_BASE_URL: 'https://liza.example' });
    const withPort = signTwilioRequest(config.twilio.authToken, 'https://liza.example:443/webhook/voice', call);
    expect((await signedPost(app, config, '/webhook/voice', call, { signature: withPort })).status).toBe(200);
    expect((await signedPost(app, config, '/webhook/voice', { ...call, CallSid: 'CA2' })).status).toBe(200);
  });
});

describe('forms whose field names are Object.prototype names', () => {
  // Twilio signs every field it sends, whatever its name. A form parsed into a plain object loses
  // `__proto__` (the assignment sets the prototype instead), so a genuine request failed the check.
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('a signed form with a "%s" field is answered by the flow', async (key) => {
    const { app, store, config } = makeApp();
    const params: Record<string, string> = { ...call, [key]: 'x' }; // a computed key is an own property, even __proto__
    expect(Object.keys(params)).toContain(key);
    const voice = await signedPost(app, config, '/webhook/voice', params);
    expect(voice.status).toBe(200);
    expect(voice.body).toContain('/webhook/consent?');
    const consent = await signedPost(app, config, '/webhook/consent?lang=de-DE&n=1&m=0', { ...params, Digits: '1' });
    expect(consent.status).toBe(200);
    expect(consent.body).toContain('/webhook/order?');
    expect(await store.getCallBySid(call.CallSid)).toMatchObject({ status: 'processed' });
  });
});

describe('replayed webhooks (Twilio retries)', () => {
  it('create no duplicate calls, events, consents or orders, and answer the same', async () => {
    const { app, store, config } = makeApp();
    const steps: Array<[string, Record<string, string>]> = [
      ['/webhook/voice', call],
      ['/webhook/consent?lang=de-DE&n=1&m=0', { ...call, Digits: '1' }],
      ['/webhook/order?lang=de-DE&n=2&m=0', { ...call, Digits: '4711' }],
      ['/webhook/order_confirm?lang=de-DE&n=3&m=0&o=4711', { ...call, Digits: '1' }],
      ['/webhook/status', { ...call, CallStatus: 'completed', CallDuration: '42' }],
    ];
    for (const [path, params] of steps) {
      const a = await signedPost(app, config, path, params);
      const b = await signedPost(app, config, path, params);
      expect(a.status).toBe(200);
      expect(b.body).toBe(a.body);
    }
    const c = (await store.getCallBySid(call.CallSid))!;
    expect((await store.listCallEvents(c.id)).map((e) => e.step)).toEqual(['voice', 'consent', 'order', 'order_confirm', 'completed']);
    expect(await store.listOrdersForCall(c.id)).toHaveLength(1);
    expect(c).toMatchObject({ status: 'completed', durationS: 42 });
  });

  it('a recording callback twice stores one recording and one job', async () => {
    const { app, store, config } = makeApp();
    await signedPost(app, config, '/webhook/voice', call);
    const rec = { ...call, RecordingSid: 'RE1', RecordingUrl: 'https://api.twilio.com/x/RE1', RecordingStatus: 'completed', RecordingDuration: '9' };
    await signedPost(app, config, '/webhook/recording?lang=de-DE&n=6&m=0', rec);
    await signedPost(app, config, '/webhook/recording?lang=de-DE&n=6&m=0', rec);
    const c = (await store.getCallBySid(call.CallSid))!;
    expect(await store.listRecordingsForCall(c.id)).toHaveLength(1);
    expect(await store.listTranscriptsForCall(c.id)).toHaveLength(1);
    const job = await store.enqueueJob({ kind: 'transcribe', payload: { other: true }, dedupeKey: 'transcribe:RE1' });
    expect(job.id).toBe(1);
  });
});

describe('status callback', () => {
  it('ends the call with its duration; a failed call becomes a problem', async () => {
    const { app, store, config } = makeApp();
    await signedPost(app, config, '/webhook/voice', call);
    const ringing = await signedPost(app, config, '/webhook/status', { ...call, CallStatus: 'ringing' });
    expect(ringing.body).toContain('<Response/>');
    expect((await store.getCallBySid(call.CallSid))!.status).toBe('in_progress');
    await signedPost(app, config, '/webhook/status', { ...call, CallStatus: 'completed', CallDuration: '75' });
    expect(await store.getCallBySid(call.CallSid)).toMatchObject({ status: 'completed', durationS: 75 });
    const other = { ...call, CallSid: 'CA9' };
    await signedPost(app, config, '/webhook/voice', other);
    await signedPost(app, config, '/webhook/status', { ...other, CallStatus: 'failed' });
    expect((await store.getCallBySid('CA9'))!.status).toBe('problem');
  });
});

describe('failures answer TwiML, never a 5xx', () => {
  it('an internal failure apologises in the caller\'s language and hangs up', async () => {
    const { app, store, config } = makeApp();
    await store.close();
    const r = await signedPost(app, config, '/webhook/consent?lang=en-GB&n=1&m=0', { ...call, Digits: '1' });
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/xml');
    expect(r.body).toContain(`<Say language="en-GB" voice="Polly.Amy-Neural">I'm sorry, something's gone wrong on our side.`);
    expect(r.body).toContain('<Hangup/>');
    const voice = await signedPost(app, config, '/webhook/voice', call);
    expect(voice.body).toContain('language="de-DE"');
    expect(voice.body).toContain('technisches Problem');
  });

  it('a malformed state or a missing CallSid gets an apology, not an error', async () => {
    const { app, config } = makeApp();
    for (const [path, params] of [
      ['/webhook/help?lang=xx&n=1&m=0', call],
      ['/webhook/order?lang=en-US', call],
      ['/webhook/voice', { From: '+12025550143' }],
    ] as const) {
      const r = await signedPost(app, config, path, params);
      expect(r.status).toBe(200);
      expect(r.body).toContain('<Hangup/>');
    }
  });
});

describe('health', () => {
  it('is 200 with the database checked, 503 without it', async () => {
    const { app, store } = makeApp();
    for (const path of ['/health', '/api/health']) {
      const ok = await app.request(path);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ status: 'ok', database: 'ok' });
    }
    await store.close();
    const down = await app.request('/health');
    expect(down.status).toBe(503);
  });
});

describe('TwiML', () => {
  it('reads the order number back digit by digit in the caller\'s voice', async () => {
    const { app, config } = makeApp({ VOICE_EN_US: 'Polly.Matthew-Neural' });
    await signedPost(app, config, '/webhook/voice', { ...call, From: '+12025550143' });
    const r = await signedPost(app, config, '/webhook/order?lang=en-US&n=2&m=0', { ...call, From: '+12025550143', Digits: '90210' });
    expect(r.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Gather input="dtmf" action="http://localhost:3000/webhook/order_confirm?lang=en-US&amp;n=3&amp;m=0&amp;o=90210" method="POST" timeout="8" finishOnKey="" numDigits="1">' +
        `<Say language="en-US" voice="Polly.Matthew-Neural">You entered <say-as interpret-as="digits">90210</say-as>. If that's correct, press 1. To enter it again, press 2.</Say>` +
        '</Gather><Redirect method="POST">http://localhost:3000/webhook/order_confirm?lang=en-US&amp;n=3&amp;m=0&amp;o=90210</Redirect></Response>',
    );
  });
});
