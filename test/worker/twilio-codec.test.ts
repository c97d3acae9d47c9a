import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base64ByteLength, findMediaPayload, formatClear, formatMark, mediaFrame, mediaFrameHead, mediaPayloadText, parseTwilioMessage, type Span } from '../../src/worker/twilio/codec.ts';
import { assertProperty } from '../helpers/property.ts';

/** The two ways the bridge has for frames, as strings: what it sends to Twilio, and a media frame's payload as it reads it. */
const formatMedia = (streamSid: string, payload: string) => mediaFrame(mediaFrameHead(streamSid), payload).toString();
const span: Span = { start: 0, end: 0 };
const quickMediaPayload = (data: Buffer) => (findMediaPayload(data, span) ? mediaPayloadText(data, span) : null);

const fixture = (p: string) => readFileSync(new URL(`../fixtures/twilio-media-streams/${p}`, import.meta.url), 'utf8').trim();
const SID = 'MZ18ad3ab5a668481ce02b83e7395059f0';

describe('Twilio Media Streams codec: documented samples', () => {
  it('parses connected', () => {
    expect(parseTwilioMessage(fixture('inbound/connected.json'))).toEqual({ type: 'connected', protocol: 'Call', version: '1.0.0' });
  });

  it('parses start with its custom parameters and media format (numbers that arrive as strings become numbers)', () => {
    expect(parseTwilioMessage(fixture('inbound/start.json'))).toEqual({
      type: 'start',
      sequenceNumber: 1,
      streamSid: SID,
      callSid: 'CA00000000000000000000000000000042',
      accountSid: 'AC00000000000000000000000000000001',
      tracks: ['inbound'],
      customParameters: { call: 'CA00000000000000000000000000000042', lang: 'en-GB', order: '4711' },
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    });
  });

  it('parses media in compact and pretty form alike, keeping the payload as the same opaque string', () => {
    const compact = parseTwilioMessage(fixture('inbound/media.json'));
    const pretty = parseTwilioMessage(fixture('inbound/media-pretty.json'));
    const payload = JSON.parse(fixture('inbound/media.json')).media.payload;
    expect(compact).toEqual({ type: 'media', streamSid: SID, track: 'inbound', chunk: 1, timestamp: 5, payload });
    expect(pretty).toEqual(compact);
    expect(base64ByteLength(payload)).toBe(160);
  });

  it('reads just the payload of a media frame for the hot path, and nothing from other frames', () => {
    const media = fixture('inbound/media.json');
    const bytes = (s: string) => Buffer.from(s);
    expect(quickMediaPayload(bytes(media))).toBe(JSON.parse(media).media.payload);
    for (const f of ['inbound/mark.json', 'inbound/start.json', 'inbound/stop.json', 'inbound/media-pretty.json']) expect(quickMediaPayload(bytes(fixture(f)))).toBeNull();
    expect(quickMediaPayload(bytes(media.slice(0, 80)))).toBeNull();
    // Whatever is not plain base64 (an escape, a non-ASCII character) is left to the full parser.
    const payload = JSON.parse(media).media.payload as string;
    for (const bad of [payload.slice(0, 8) + '\\u0041' + payload.slice(14), 'ÿÿÿÿ' + payload.slice(4)]) expect(quickMediaPayload(bytes(media.replace(payload, bad)))).toBeNull();
  });

  it('parses dtmf, mark and stop', () => {
    expect(parseTwilioMessage(fixture('inbound/dtmf.json'))).toEqual({ type: 'dtmf', streamSid: SID, track: 'inbound_track', digit: '1' });
    expect(parseTwilioMessage(fixture('inbound/mark.json'))).toEqual({ type: 'mark', streamSid: SID, name: 'item_abc:0:1' });
    expect(parseTwilioMessage(fixture('inbound/stop.json'))).toEqual({
      type: 'stop', streamSid: SID, callSid: 'CA00000000000000000000000000000042', accountSid: 'AC00000000000000000000000000000001',
    });
  });

  it('formats outbound media, mark and clear exactly as documented', () => {
    const payload = JSON.parse(fixture('outbound/media.json')).media.payload;
    expect(JSON.parse(formatMedia(SID, payload))).toEqual(JSON.parse(fixture('outbound/media.json')));
    expect(JSON.parse(formatMark(SID, 'item_abc:0:1'))).toEqual(JSON.parse(fixture('outbound/mark.json')));
    expect(JSON.parse(formatClear(SID))).toEqual(JSON.parse(fixture('outbound/clear.json')));
  });

  it('escapes anything that is not a plain identifier', () => {
    expect(JSON.parse(formatMark('MZ"x', 'a"b\\c')).mark.name).toBe('a"b\\c');
    expect(JSON.parse(formatMark('MZ"x', 'a"b\\c')).streamSid).toBe('MZ"x');
  });

  it('turns oddities into typed unknowns', () => {
    expect(parseTwilioMessage('not json')).toMatchObject({ type: 'unknown', reason: 'not JSON' });
    expect(parseTwilioMessage('[1,2]')).toMatchObject({ type: 'unknown' });
    expect(parseTwilioMessage('{"event":"media","media":{}}')).toMatchObject({ type: 'unknown', event: 'media' });
    expect(parseTwilioMessage('{"event":"mark"}')).toMatchObject({ type: 'unknown', event: 'mark' });
    expect(parseTwilioMessage('{"event":"bogus"}')).toMatchObject({ type: 'unknown', event: 'bogus' });
    // a truncated media frame falls through the fast path and is still not a throw
    expect(parseTwilioMessage(fixture('inbound/media.json').slice(0, 60))).toMatchObject({ type: 'unknown' });
  });

  it('counts base64 bytes without decoding', () => {
    assertProperty(fc.property(fc.uint8Array({ maxLength: 2000 }), (a) => base64ByteLength(Buffer.from(a).toString('base64')) === a.length));
  });
});

describe('Twilio codec properties', () => {
  const frame = fc.record({
    event: fc.oneof(fc.constantFrom('connected', 'start', 'media', 'dtmf', 'mark', 'stop', 'clear'), fc.string()),
    sequenceNumber: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    streamSid: fc.oneof(fc.string(), fc.integer()),
    start: fc.anything(),
    media: fc.oneof(fc.anything(), fc.record({ payload: fc.oneof(fc.base64String(), fc.anything()), chunk: fc.anything(), timestamp: fc.anything(), track: fc.anything() })),
    mark: fc.oneof(fc.anything(), fc.record({ name: fc.anything() })),
    dtmf: fc.anything(),
    stop: fc.anything(),
  }, { requiredKeys: ['event'] });

  it('never throws on random frames and always returns a known type', () => {
    const types = new Set(['connected', 'start', 'media', 'dtmf', 'mark', 'stop', 'unknown']);
    assertProperty(fc.property(fc.oneof(fc.string(), fc.json(), frame.map((f) => JSON.stringify(f))), (text) => {
      const m = parseTwilioMessage(text);
      expect(types.has(m.type)).toBe(true);
    }), { numRuns: 2000 });
  });

  it('round-trips any mark name, plain or needing escapes, through format and parse', () => {
    assertProperty(fc.property(fc.string({ minLength: 1 }), (name) => {
      expect(parseTwilioMessage(formatMark('MZ1', name))).toEqual({ type: 'mark', streamSid: 'MZ1', name });
    }));
  });

  it('round-trips any media payload through format and parse', () => {
    assertProperty(fc.property(fc.uint8Array({ minLength: 1, maxLength: 400 }), fc.stringMatching(/^MZ[0-9a-f]{32}$/), (bytes, sid) => {
      const payload = Buffer.from(bytes).toString('base64');
      const m = parseTwilioMessage(formatMedia(sid, payload));
      expect(m).toMatchObject({ type: 'media', streamSid: sid, payload });
    }));
  });
});
