// Issue 13, point 10: small protocol points of the AI leg.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.ts';
import { formatStateQuery } from '../../src/ivr/state-codec.ts';
import { checkStreamToken, STREAM_TOKEN_TTL_S } from '../../src/telephony/stream-token.ts';
import { makeApp, signedPost } from '../helpers/app.ts';
import { eventually, startTestWorker, type TestWorker } from './helpers.ts';

let w: TestWorker | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const help = (order: string | null) => `/webhook/help?${formatStateQuery({ node: 'help', lang: 'de-DE', seq: 5, misses: 0, order })}`;

describe('AI leg protocol points', () => {
  it('omits <Parameter name="order"> when there is no order instead of sending it empty', async () => {
    const { app, config } = makeApp({ OPENAI_API_KEY: 'sk-test', PUBLIC_MEDIA_URL: 'wss://liza.example/media' });
    const params = { CallSid: 'CA_p1', From: '+4915112345678', To: '+4930123456', Digits: '2' };
    const without = await signedPost(app, config, help(null), params);
    expect(without.body).toContain('<Parameter name="lang" value="de-DE"/>');
    expect(without.body).not.toContain('name="order"');
    // The per-call stream token: valid for this call only, and not for long.
    const token = /<Parameter name="token" value="([^"]+)"\/>/.exec(without.body)![1]!;
    expect(checkStreamToken(config.twilio.authToken, 'CA_p1', token, new Date())).toBe('ok');
    expect(checkStreamToken(config.twilio.authToken, 'CA_p2', token, new Date())).toBe('wrong');
    expect(checkStreamToken(config.twilio.authToken, 'CA_p1', token, new Date(Date.now() + (STREAM_TOKEN_TTL_S + 1) * 1000))).toBe('expired');
    const withOrder = await signedPost(app, config, help('4711'), { ...params, CallSid: 'CA_p2' });
    expect(withOrder.body).toContain('<Parameter name="order" value="4711"/>');
  });

  it('PUBLIC_MEDIA_URL must be wss:// unless it points at loopback, and the error says why', () => {
    const env = { TWILIO_AUTH_TOKEN: 'token-0123456789' };
    expect(() => parseConfig({ ...env, PUBLIC_MEDIA_URL: 'ws://liza.example/media' })).toThrow(ConfigError);
    try {
      parseConfig({ ...env, PUBLIC_MEDIA_URL: 'ws://liza.example/media' });
    } catch (err) {
      expect((err as ConfigError).problems.join('\n')).toMatch(/PUBLIC_MEDIA_URL: must start with wss:\/\/ \(Twilio streams only to wss\)/);
    }
    for (const ok of ['wss://liza.example/media', 'ws://localhost:3001/media', 'ws://127.0.0.1:3001/media', 'ws://[::1]:3001/media']) {
      expect(parseConfig({ ...env, PUBLIC_MEDIA_URL: ok }).publicMediaUrl).toBe(ok);
    }
  });

  it('a broken Twilio socket ends the leg as twilio_error (logged), not as a hang-up', async () => {
    w = await startTestWorker();
    await w.makeCall('CA_err');
    const tw = await w.twilio({ callSid: 'CA_err', customParameters: { call: 'CA_err', lang: 'de-DE' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    await engine.waitForEvent((e) => e.type === 'session.update');
    // A frame that breaks the WebSocket protocol (a reserved opcode): the worker's socket errors.
    const raw = (tw.ws as unknown as { _socket: import('node:net').Socket })._socket;
    raw.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0]));
    await tw.closed;
    const leg = await eventually(() => w!.store.latestAiLeg('CA_err'), (l) => l?.endReason != null);
    expect(leg!.endReason).toBe('twilio_error');
    await engine.closed;
  });
});
