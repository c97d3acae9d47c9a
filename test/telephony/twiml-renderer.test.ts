// The string TwiML renderer against twilio's VoiceResponse builder, which it replaced (issue 14):
// for any document of the verbs and attributes Liza emits, with any text (XML's special
// characters, control and unpaired surrogate characters, non-ASCII), both give the same bytes,
// or both refuse the text. Seeded (test/helpers/property.ts names the seed of a failure).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEmpty, renderTwiml, type Say, type TwimlVerb } from '../../src/telephony/twiml.ts';
import { builderEmpty, builderTwiml } from '../helpers/twiml-builder.ts';
import { assertProperty } from '../helpers/property.ts';

/** Text that hits every escape and every validity rule, beside arbitrary Unicode. */
const tricky = fc.constantFrom('&', '<', '>', '"', "'", '\t', '\n', '\r', ' ', 'a', 'ä', '😀', '\u0001', '\u000B', '\uFFFE', '\uD800', '\uDC00', ']]>', '&amp;', '=', '?');
const str = fc.oneof(
  fc.string({ unit: tricky, maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', 'https://x.example/webhook/help?lang=de-DE&n=3&m=0', 'Polly.Vicki-Neural', '+4930555000'),
);
const num = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constant(0));
const part = fc.oneof(str.map((text) => ({ text })), str.map((digits) => ({ digits })));
const say: fc.Arbitrary<Say> = fc.record({ language: str, voice: str, parts: fc.array(part, { maxLength: 4 }) });
const verb: fc.Arbitrary<TwimlVerb> = fc.oneof(
  say.map((s) => ({ verb: 'say' as const, say: s })),
  fc.record({ verb: fc.constant('gather' as const), action: str, timeout: num, finishOnKey: str, numDigits: fc.option(num, { nil: undefined }), says: fc.array(say, { maxLength: 3 }) }, { requiredKeys: ['verb', 'action', 'timeout', 'finishOnKey', 'says'] }),
  fc.record({ verb: fc.constant('redirect' as const), url: str }),
  fc.constant({ verb: 'hangup' as const }),
  fc.record({ verb: fc.constant('connect_stream' as const), action: str, url: str, parameters: fc.array(fc.record({ name: str, value: str }), { maxLength: 4 }) }),
  fc.record({ verb: fc.constant('dial' as const), action: str, timeout: num, number: str }),
  fc.record({ verb: fc.constant('record' as const), action: str, maxLength: num, finishOnKey: str, recordingStatusCallback: str }),
);

/** The rendered document, or the fact that rendering refused (an illegal character in text). */
const outcome = (render: () => string) => {
  try {
    return { xml: render() };
  } catch {
    return { refused: true };
  }
};

describe('the string TwiML renderer', () => {
  it('is byte-equal to twilio\'s builder over every verb and attribute Liza emits', () => {
    assertProperty(
      fc.property(fc.array(verb, { maxLength: 6 }), (verbs) => {
        expect(outcome(() => renderTwiml(verbs))).toEqual(outcome(() => builderTwiml(verbs)));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses some documents, as the builder does (the property above sees both sides)', () => {
    const bad: TwimlVerb[] = [{ verb: 'redirect', url: 'a\u0001b' }];
    expect(() => builderTwiml(bad)).toThrow();
    expect(() => renderTwiml(bad)).toThrow();
  });

  it('renders the empty answer as the builder does', () => {
    expect(renderEmpty()).toBe(builderEmpty());
    expect(renderTwiml([])).toBe(builderTwiml([]));
  });
});
