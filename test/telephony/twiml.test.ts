import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderIvrTwiml, toSays } from '../../src/ivr/render-twiml.ts';
import { formatSaid, parseSaid } from '../../src/ivr/said.ts';
import { renderTwiml } from '../../src/telephony/twiml.ts';
import type { IvrState } from '../../src/ivr/types.ts';
import { assertProperty } from '../helpers/property.ts';

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

describe('the TwiML codec', () => {
  it('renders every verb Liza uses, escaping text and attributes', () => {
    const say = { language: 'de-DE', voice: 'Polly.Vicki-Neural', parts: [{ text: 'Müller & <Söhne> "' }, { digits: '4711' }] };
    expect(renderTwiml([
      { verb: 'gather', action: 'https://x.example/webhook/help?a=1&b=2', timeout: 8, finishOnKey: '', numDigits: 1, says: [say, { ...say, language: 'en-GB', voice: 'Polly.Amy-Neural', parts: [{ text: 'For English, press 8.' }] }] },
      { verb: 'redirect', url: 'https://x.example/webhook/help?a=1&b=2' },
      { verb: 'connect_stream', action: 'https://x.example/webhook/stream_end', url: 'wss://x.example/media', parameters: [{ name: 'lang', value: 'en-GB' }] },
      { verb: 'dial', action: 'https://x.example/webhook/help?after=dial', timeout: 25, number: '+4930555000' },
      { verb: 'record', action: 'https://x.example/r', maxLength: 120, finishOnKey: '#', recordingStatusCallback: 'https://x.example/webhook/recording' },
      { verb: 'hangup' },
    ])).toBe(
      XML + '<Response>' +
        '<Gather input="dtmf" action="https://x.example/webhook/help?a=1&amp;b=2" method="POST" timeout="8" finishOnKey="" numDigits="1">' +
        '<Say language="de-DE" voice="Polly.Vicki-Neural">Müller &amp; &lt;Söhne&gt; "<say-as interpret-as="digits">4711</say-as></Say>' +
        '<Say language="en-GB" voice="Polly.Amy-Neural">For English, press 8.</Say></Gather>' +
        '<Redirect method="POST">https://x.example/webhook/help?a=1&amp;b=2</Redirect>' +
        '<Connect action="https://x.example/webhook/stream_end" method="POST"><Stream url="wss://x.example/media"><Parameter name="lang" value="en-GB"/></Stream></Connect>' +
        '<Dial action="https://x.example/webhook/help?after=dial" method="POST" timeout="25">+4930555000</Dial>' +
        '<Record action="https://x.example/r" method="POST" maxLength="120" finishOnKey="#" playBeep="true" recordingStatusCallback="https://x.example/webhook/recording" recordingStatusCallbackMethod="POST"/>' +
        '<Hangup/></Response>',
    );
  });
});

describe('the IVR renderer', () => {
  const voices = { 'de-DE': 'Polly.Vicki-Neural', 'en-GB': 'Polly.Amy-Neural', 'en-US': 'Polly.Joanna-Neural' } as const;
  const text = (lang: string, key: string) => `${lang}:${key}`;

  it('gives each run of one language its own <Say> and voice, and ends a read-back number its sentence', () => {
    const says = toSays([
      { type: 'text', key: 'a' }, { type: 'digits', value: '12' }, { type: 'text', key: 'b' },
      { type: 'text', key: 'offer', lang: 'en-US' }, { type: 'order_status' },
    ], { lang: 'de-DE', voices, text, orderStatus: 'STATUS' });
    expect(says).toEqual([
      { language: 'de-DE', voice: 'Polly.Vicki-Neural', parts: [{ text: 'de-DE:a' }, { text: ' ' }, { digits: '12' }, { text: '. de-DE:b' }] },
      { language: 'en-US', voice: 'Polly.Joanna-Neural', parts: [{ text: 'en-US:offer' }] },
      { language: 'de-DE', voice: 'Polly.Vicki-Neural', parts: [{ text: 'STATUS' }] },
    ]);
  });

  it('tells the AI leg the language of the state it returns to', () => {
    const next: IvrState = { node: 'help', lang: 'en-GB', seq: 7, misses: 0, order: '4711' };
    const xml = renderIvrTwiml([{ type: 'connect_ai', next }], {
      lang: 'en-GB', voices, text, orderStatus: '', mediaUrl: 'wss://m/media', staffNumber: null, callSid: 'CA1',
      actionUrl: (path, s) => `https://e/${path}?lang=${s.lang}`,
    });
    expect(xml).toContain('<Parameter name="call" value="CA1"/><Parameter name="lang" value="en-GB"/><Parameter name="order" value="4711"/>');
  });
});

describe('what a turn said, as kept for the timeline', () => {
  it('round-trips keys, other-language keys, digits and verbs', () => {
    const said = formatSaid([
      { type: 'gather', next: { node: 'consent', lang: 'de-DE', seq: 1, misses: 0, order: null }, finishOnKey: '', timeout: 8, speech: [{ type: 'text', key: 'greeting' }, { type: 'text', key: 'consent.switch_offer', lang: 'en-GB' }, { type: 'digits', value: '12' }, { type: 'order_status' }] },
      { type: 'hangup' },
    ], 'status.shipped');
    expect(said).toEqual(['greeting', { key: 'consent.switch_offer', lang: 'en-GB' }, { digits: '12' }, 'status.shipped', { verb: 'hangup' }]);
    expect(parseSaid(JSON.parse(JSON.stringify(said)))).toEqual([
      { kind: 'prompt', key: 'greeting', lang: null },
      { kind: 'prompt', key: 'consent.switch_offer', lang: 'en-GB' },
      { kind: 'digits', digits: '12' },
      { kind: 'prompt', key: 'status.shipped', lang: null },
      { kind: 'verb', verb: 'hangup' },
    ]);
  });

  it('never throws on whatever a stored event holds, and keeps only what it understands', () => {
    assertProperty(
      fc.property(fc.jsonValue(), (v) => {
        for (const item of parseSaid(v)) {
          if (item.kind === 'prompt') expect(item.key).toMatch(/^[a-z_]+(\.[a-z_]+)*$/);
          if (item.kind === 'digits') expect(item.digits).toMatch(/^\d*$/);
        }
      }),
      { numRuns: 500 },
    );
    expect(parseSaid(['<digits:99>', '<order_status>', '<hangup>', '<script>', 'a b', { key: 'x', lang: 'fr' }])).toEqual([
      { kind: 'digits', digits: '99' }, { kind: 'order_status' }, { kind: 'verb', verb: 'hangup' }, { kind: 'prompt', key: 'x', lang: null },
    ]);
  });
});
