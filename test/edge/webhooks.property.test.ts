import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { makeApp, signedPost } from '../helpers/app.ts';

const PATHS = [
  '/webhook/voice',
  '/webhook/consent?lang=de-DE&n=1&m=0',
  '/webhook/order?lang=en-GB&n=2&m=1',
  '/webhook/order_confirm?lang=en-US&n=3&m=0&o=4711',
  '/webhook/help?lang=de-DE&n=4&m=2&o=4711',
  '/webhook/help?lang=de-DE&n=4&m=0&after=dial',
  '/webhook/help?lang=en-GB&n=4&m=0&after=recorded',
  '/webhook/stream_end?lang=en-GB&n=5&m=0',
  '/webhook/status',
  '/webhook/recording?lang=de-DE&n=6&m=0',
];

/** Twilio's field names with hostile or odd values, plus random extra fields. */
const value = fc.oneof(
  fc.string(),
  fc.constantFrom('', '1', '#', '*', '12*', '99999999999999999999', '<script>alert(1)</script>', 'anonymous', '+447700900123', '+12025550143', '\u0000', 'completed', 'failed', 'CA1'),
);
const body = fc.record(
  {
    CallSid: fc.oneof(fc.constantFrom('CA1', 'CA2'), fc.string()),
    From: value,
    To: value,
    Digits: value,
    CallStatus: value,
    CallDuration: value,
    CallerName: value,
    RecordingSid: value,
    RecordingUrl: value,
    RecordingStatus: value,
    RecordingDuration: value,
    DialCallStatus: value,
  },
  { requiredKeys: [] },
).chain((known) => fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string(), { maxKeys: 3 }).map((extra) => ({ ...extra, ...known })));

describe('signed webhooks with random form bodies', () => {
  it('always answer 200 with well-formed TwiML, never a 5xx', async () => {
    const { app, config } = makeApp({ OPENAI_API_KEY: 'sk-test', STAFF_PHONE_NUMBER: '+4930555000' });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), body, async (path, params) => {
        const r = await signedPost(app, config, path, params as Record<string, string>);
        expect(r.status).toBe(200);
        expect(r.type).toContain('text/xml');
        expect(XMLValidator.validate(r.body)).toBe(true);
        expect(r.body).toMatch(/<Response(\/>|>[\s\S]*<\/Response>)$/);
        expect(r.body).not.toContain('<script>');
      }),
      { numRuns: 400 },
    );
  });

  it('unsigned random bodies are always refused', async () => {
    const { app, store, config } = makeApp();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), body, async (path, params) => {
        const r = await signedPost(app, config, path, params as Record<string, string>, { signature: 'bogus' });
        expect(r.status).toBe(403);
      }),
      { numRuns: 100 },
    );
    expect(await store.getCallBySid('CA1')).toBeNull();
  });
});
