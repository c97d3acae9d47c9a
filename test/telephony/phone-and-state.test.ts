import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatStateQuery, parseStateQuery } from '../../src/ivr/state-codec.ts';
import { LANGS } from '../../src/domain/index.ts';
import { callerNumber, languageForNumber, maskNumber, normalizeNumber } from '../../src/telephony/phone.ts';
import { assertProperty } from '../helpers/property.ts';

describe('language from the caller number', () => {
  it.each([
    ['+12025550143', 'en-US'],
    ['+14165550123', 'en-US'], // Canada shares +1
    ['+447700900123', 'en-GB'],
    ['+4915112345678', 'de-DE'],
    ['+436641234567', 'de-DE'],
    ['+33612345678', 'de-DE'],
    ['anonymous', 'de-DE'],
    ['restricted', 'de-DE'],
    ['+266696687', 'de-DE'],
    ['', 'de-DE'],
    [undefined, 'de-DE'],
  ])('%s → %s', (from, lang) => expect(languageForNumber(from)).toBe(lang));
});

describe('masking', () => {
  it('keeps the country code and the last two digits only', () => {
    expect(maskNumber('+4915112345678')).toBe('+49 •••••••••78');
    expect(maskNumber('+447700900123')).toBe('+44 ••••••••23');
    expect(maskNumber('anonymous')).toBe('anonymous');
    expect(normalizeNumber('+49 151 12345678')).toBe('+4915112345678');
    expect(normalizeNumber('nope')).toBeNull();
  });
});

describe('the caller number from one parse', () => {
  it('says what the three separate functions say, for any string a From can carry', () => {
    const from = fc.oneof(
      fc.constantFrom('anonymous', 'restricted', '+266696687', '', '+4915112345678', '+12025550143', '+447700900123'),
      fc.tuple(fc.constantFrom('+', '00', ''), fc.stringMatching(/^[0-9 ()-]{0,18}$/)).map(([p, d]) => p + d),
      fc.string({ maxLength: 20 }),
    );
    assertProperty(
      fc.property(from, (f) => {
        const want = { lang: languageForNumber(f), masked: maskNumber(f), e164: normalizeNumber(f) };
        expect(callerNumber(f)).toEqual(want);
        // The second time from the numbers kept (a call's later webhooks), the same answer.
        expect(callerNumber(f)).toEqual(want);
      }),
    );
    expect(callerNumber(undefined)).toEqual({ lang: 'de-DE', masked: 'anonymous', e164: null });
  });

  it('keeps a bounded number of callers and still answers right for one pushed out', () => {
    const first = callerNumber('+4915100000000');
    expect(Object.isFrozen(first)).toBe(true);
    for (let i = 1; i <= 2000; i++) callerNumber(`+44770090${String(i).padStart(4, '0')}`);
    const again = callerNumber('+4915100000000');
    expect(again).not.toBe(first); // parsed anew: it had been pushed out
    expect(again).toEqual({ lang: 'de-DE', masked: '+49 •••••••••00', e164: '+4915100000000' });
    expect(callerNumber('+447700902000')).toBe(callerNumber('+447700902000'));
  });
});

describe('the IVR state in the action URL', () => {
  it('round-trips any state', () => {
    assertProperty(
      fc.property(
        fc.constantFrom(...LANGS),
        fc.nat({ max: 100_000 }),
        fc.nat({ max: 100 }),
        fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: null }),
        fc.constantFrom(undefined, 'recorded' as const, 'dial' as const),
        (lang, seq, misses, order, after) => {
          const q = new URLSearchParams(formatStateQuery({ node: 'help', lang, seq, misses, order }, after));
          expect(parseStateQuery('help', q)).toEqual({ node: 'help', lang, seq, misses, order, after: after ?? null });
        },
      ),
    );
  });
  it('rejects anything malformed', () => {
    for (const q of ['', 'lang=fr-FR&n=1&m=0', 'lang=de-DE&n=-1&m=0', 'lang=de-DE&n=1&m=x', 'lang=de-DE&n=1&m=0&o=12ab', 'lang=de-DE&n=1&m=0&after=boom']) {
      expect(parseStateQuery('order', new URLSearchParams(q))).toBeNull();
    }
  });
});
