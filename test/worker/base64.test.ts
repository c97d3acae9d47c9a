// The bridge's byte-to-byte base64 (src/worker/base64.ts), written so audio never becomes a
// string on the JS heap, checked against Node's own base64 (Buffer) and the bridge's validity rule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Length, decodeBase64Into, encodeBase64Into, isBase64 } from '../../src/worker/base64.ts';
import { assertProperty } from '../helpers/property.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
/** Text mostly of base64's alphabet with now and then a stray character, so both answers occur often. */
const nearlyBase64 = fc
  .array(fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...ALPHABET) }, { weight: 1, arbitrary: fc.constantFrom('-', '_', ' ', '\n', 'é', '\0') }), { maxLength: 64 })
  .map((cs) => cs.join(''));

describe('base64 into bytes', () => {
  it('encodes as Buffer does, at the offset given, and says where it ends', () => {
    assertProperty(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(40), (bytes, at) => {
        const expected = Buffer.from(bytes).toString('base64');
        const dst = new Uint8Array(at + base64Length(bytes.length) + 5).fill(7);
        const end = encodeBase64Into(bytes, bytes.length, dst, at);
        expect(end - at).toBe(expected.length);
        expect(Buffer.from(dst.subarray(at, end)).toString('latin1')).toBe(expected);
        expect([...dst.subarray(0, at), ...dst.subarray(end)].every((b) => b === 7)).toBe(true);
      }),
    );
  });

  it('decodes what Buffer encodes, at the offset given', () => {
    assertProperty(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(40), (bytes, at) => {
        const text = Buffer.from(Buffer.from(bytes).toString('base64'), 'latin1');
        const src = Buffer.concat([Buffer.from('xx'), text, Buffer.from('yy')]);
        const dst = new Uint8Array(at + bytes.length);
        expect(decodeBase64Into(src, 2, 2 + text.length, dst, at)).toBe(bytes.length);
        expect(dst.subarray(at)).toEqual(bytes);
      }),
    );
  });

  it('refuses exactly what isBase64 refuses, and otherwise agrees with Buffer', () => {
    assertProperty(
      fc.property(nearlyBase64, (s) => {
        const src = Buffer.from(s, 'latin1');
        const dst = new Uint8Array(src.length);
        const n = decodeBase64Into(src, 0, src.length, dst, 0);
        if (!isBase64(s)) expect(n).toBe(-1);
        else expect(Buffer.from(dst.subarray(0, n))).toEqual(Buffer.from(s, 'base64'));
      }),
      { numRuns: 2000 },
    );
  });
});
