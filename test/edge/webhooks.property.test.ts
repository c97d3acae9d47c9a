import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ivrT } from '../../src/i18n/index.ts';
import { LANGS } from '../../src/domain/index.ts';
import { makeApp, signedPost } from '../helpers/app.ts';
import { assertAsyncProperty } from '../helpers/property.ts';

/** Every webhook with a well-formed state (or none needed), and whether it needs a CallSid. */
const PATHS: Array<{ path: string; needsCall: boolean }> = [
  { path: '/webhook/voice', needsCall: true },
  { path: '/webhook/consent?lang=de-DE&n=1&m=0', needsCall: true },
  { path: '/webhook/order?lang=en-GB&n=2&m=1', needsCall: true },
  { path: '/webhook/order_confirm?lang=en-US&n=3&m=0&o=4711', needsCall: true },
  { path: '/webhook/help?lang=de-DE&n=4&m=2&o=4711', needsCall: true },
  { path: '/webhook/help?lang=de-DE&n=4&m=0&after=dial', needsCall: true },
  { path: '/webhook/help?lang=en-GB&n=4&m=0&after=recorded', needsCall: true },
  { path: '/webhook/stream_end?lang=en-GB&n=5&m=0', needsCall: true },
  { path: '/webhook/status', needsCall: false },
  { path: '/webhook/recording?lang=de-DE&n=6&m=0', needsCall: false },
];
/** States that cannot have come from us (Twilio signs what we gave it): always the apology. */
const MALFORMED = ['/webhook/consent', '/webhook/order?lang=xx-XX&n=2&m=1', '/webhook/help?lang=de-DE&n=4&m=0&o=12ab', '/webhook/stream_end?lang=en-GB&n=x&m=0'];
const APOLOGIES = LANGS.map((lang) => ivrT(lang)('common.apology'));
const isApology = (twiml: string) => APOLOGIES.some((a) => twiml.includes(a));

/** Twilio's field names with hostile or odd values, plus random extra fields. */
const value = fc.oneof(
  fc.string(),
  fc.constantFrom('', '1', '#', '*', '12*', '99999999999999999999', '<script>alert(1)</script>', 'anonymous', '+447700900123', '+12025550143', '\u0000', 'completed', 'failed', 'CA1'),
);
/** Fields Twilio may add, often named like Object.prototype's own (a computed key keeps even `__proto__` an own field). */
const extraFields = fc
  .uniqueArray(fc.tuple(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty')), fc.string()), { maxLength: 3, selector: ([k]) => k })
  .map((pairs) => pairs.reduce<Record<string, string>>((o, [k, v]) => ({ ...o, [k]: v }), {}));
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
).chain((known) => extraFields.map((extra) => ({ ...extra, ...known })));

describe('signed webhooks with random form bodies', () => {
  it('always answer 200 with well-formed TwiML, never a 5xx, and the flow answers every well-formed request', async () => {
    const { app, config } = makeApp({ OPENAI_API_KEY: 'sk-test', STAFF_PHONE_NUMBER: '+4930555000' });
    const target = fc.oneof(fc.constantFrom(...PATHS), fc.constantFrom(...MALFORMED).map((path) => ({ path, needsCall: true, malformed: true })));
    await assertAsyncProperty(
      fc.asyncProperty(target, body, async (t, params) => {
        const r = await signedPost(app, config, t.path, params as Record<string, string>);
        expect(r.status).toBe(200);
        expect(r.type).toContain('text/xml');
        expect(XMLValidator.validate(r.body)).toBe(true);
        expect(r.body).toMatch(/<Response(\/>|>[\s\S]*<\/Response>)$/);
        expect(r.body).not.toContain('<script>');
        // An apology passes every check above, so say which answer is right: the apology only for
        // a state we never sent or a call webhook without a CallSid, the flow for everything else.
        const apology = 'malformed' in t || (t.needsCall && !params.CallSid);
        expect(isApology(r.body), `${t.path} with ${JSON.stringify(params)} answered:\n${r.body}`).toBe(apology);
      }),
      { numRuns: 400 },
    );
  });

  it('unsigned random bodies are always refused', async () => {
    const { app, store, config } = makeApp();
    await assertAsyncProperty(
      fc.asyncProperty(fc.constantFrom(...PATHS, ...MALFORMED.map((path) => ({ path }))), body, async ({ path }, params) => {
        const r = await signedPost(app, config, path, params as Record<string, string>, { signature: 'bogus' });
        expect(r.status).toBe(403);
      }),
      { numRuns: 100 },
    );
    expect(await store.getCallBySid('CA1')).toBeNull();
  });
});
