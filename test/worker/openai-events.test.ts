import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseServerEvent, quickAudioDelta } from '../../src/worker/engine/openai-events.ts';
import { buildSession } from '../../src/worker/engine/session-config.ts';
import { assertProperty } from '../helpers/property.ts';

const lines = readFileSync(new URL('../fixtures/openai-realtime/server-events.jsonl', import.meta.url), 'utf8').trim().split('\n');

describe('OpenAI Realtime server events', () => {
  it('maps the documented GA events to engine events', () => {
    expect(lines.map(parseServerEvent)).toEqual([
      { type: 'session_created' },
      { type: 'speech_started', itemId: 'item_U1' },
      { type: 'response_started', responseId: 'resp_R1' },
      { type: 'audio_delta', responseId: 'resp_R1', itemId: 'item_A1', payload: '//7+/f39/Pz8+/v7+vr6+fn5+Pj4' },
      { type: 'transcript', role: 'assistant', itemId: 'item_A1', text: 'Guten Tag, hier ist Liza.' },
      { type: 'transcript', role: 'user', itemId: 'item_U1', text: 'Wo ist meine Bestellung?' },
      { type: 'tool_call', callId: 'call_X1', name: 'lookup_order', arguments: '{"order_number":"4711"}', responseId: 'resp_R2' },
      { type: 'response_done', responseId: 'resp_R1', status: 'cancelled' },
      { type: 'request_error', code: 'response_cancel_not_active', message: 'Cancellation failed: no active response found' },
      { type: 'fatal', code: 'server_error', message: 'The server had an error while processing your request.' },
      null,
    ]);
  });

  it('reads an audio delta the same with and without the fast path', () => {
    const compact = lines[3]!;
    const reordered = JSON.stringify({ delta: 'AAAA', type: 'response.output_audio.delta', item_id: 'i', response_id: 'r' });
    expect(parseServerEvent(reordered)).toEqual({ type: 'audio_delta', responseId: 'r', itemId: 'i', payload: 'AAAA' });
    expect(parseServerEvent(compact)).toEqual(parseServerEvent(JSON.stringify(JSON.parse(compact), null, 1)));
  });

  it('reads an audio delta from its bytes as parseServerEvent reads it, and leaves anything unusual to it', () => {
    const compact = lines[3]!;
    const ids = { responseId: '', itemId: '' };
    const quick = quickAudioDelta(Buffer.from(compact), ids);
    expect(quick && { ...quick, payload: Buffer.from(quick.payload).toString() }).toEqual(parseServerEvent(compact));
    // A response's deltas share one copy of each id.
    const again = quickAudioDelta(Buffer.from(compact), ids);
    expect(again?.itemId).toBe(quick?.itemId);
    expect(ids).toEqual({ responseId: 'resp_R1', itemId: 'item_A1' });
    const escaped = compact.replace('"item_id":"item_A1"', '"item_id":"item\\u0041"');
    const reordered = JSON.stringify({ delta: 'AAAA', type: 'response.output_audio.delta', item_id: 'i', response_id: 'r' });
    for (const other of [escaped, reordered, lines[0]!, compact.slice(0, 60)]) expect(quickAudioDelta(Buffer.from(other), ids)).toBeNull();
    expect(parseServerEvent(escaped)).toMatchObject({ type: 'audio_delta', itemId: 'itemA' });
  });

  it('never throws on random input', () => {
    assertProperty(fc.property(fc.oneof(fc.string(), fc.json(), fc.string().map((s) => '{"type":"response.output_audio.delta",' + s)), (t) => {
      parseServerEvent(t);
    }), { numRuns: 2000 });
  });

  it('asks for µ-law both ways, server VAD, transcription and English instructions for en-US callers', () => {
    const s = buildSession({ lang: 'en-US', company: 'Liza Demo GmbH', order: null, transcribeModel: 'gpt-4o-transcribe' });
    expect(s.type).toBe('realtime');
    expect(s.audio?.input?.format).toEqual({ type: 'audio/pcmu' });
    expect(s.audio?.output?.format).toEqual({ type: 'audio/pcmu' });
    expect(s.audio?.input?.turn_detection).toMatchObject({ type: 'server_vad' });
    expect(s.audio?.input?.transcription).toEqual({ model: 'gpt-4o-transcribe', language: 'en' });
    expect(s.instructions).toMatch(/You are Liza.*Liza Demo GmbH.*American English/);
    expect(s.tools?.[0]).toMatchObject({ type: 'function', name: 'lookup_order' });
  });
});
