import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialPlayback, playbackStep, type PlaybackEffect, type PlaybackInput, type PlaybackState } from '../../src/worker/bridge/playback.ts';
import { assertProperty } from '../helpers/property.ts';

function run(inputs: PlaybackInput[], from: PlaybackState = initialPlayback) {
  let s = from;
  const effects: PlaybackEffect[] = [];
  for (const i of inputs) {
    const r = playbackStep(s, i);
    s = r.state;
    effects.push(...r.effects);
  }
  return { state: s, effects };
}
const delta = (bytes: number, responseId = 'r1', itemId = 'i1'): PlaybackInput => ({ type: 'audio_delta', responseId, itemId, payload: 'x'.repeat(4), bytes });
const marksOf = (e: PlaybackEffect[]) => e.flatMap((x) => (x.type === 'twilio_mark' ? [x.name] : []));

describe('playback reducer', () => {
  it('sends each delta as media followed by a mark named by item and generation', () => {
    const { effects } = run([{ type: 'response_started', responseId: 'r1' }, delta(800), delta(800)]);
    expect(effects).toEqual([
      { type: 'twilio_media', payload: 'xxxx' }, { type: 'twilio_mark', name: 'i1:0:1' },
      { type: 'twilio_media', payload: 'xxxx' }, { type: 'twilio_mark', name: 'i1:0:2' },
    ]);
  });

  // Barge-in at several points: the truncation is what the mark echoes confirm, 8 bytes per ms.
  it.each([
    { heard: 0, sizes: [800, 800, 800], endMs: 0 },
    { heard: 1, sizes: [800, 800, 800], endMs: 100 },
    { heard: 2, sizes: [480, 1600, 800], endMs: 260 },
    { heard: 3, sizes: [800, 800, 800, 4000], endMs: 300 },
  ])('barge-in after $heard of $sizes.length deltas heard → audio_end_ms $endMs', ({ heard, sizes, endMs }) => {
    const sent = run([{ type: 'response_started', responseId: 'r1' }, ...sizes.map((b) => delta(b))]);
    const names = marksOf(sent.effects);
    const { effects, state } = run([...names.slice(0, heard).map((name) => ({ type: 'mark', name }) as const), { type: 'speech_started' }], sent.state);
    expect(effects).toEqual([
      { type: 'twilio_clear' },
      { type: 'engine_truncate', itemId: 'i1', audioEndMs: endMs },
      { type: 'engine_cancel', responseId: 'r1' },
    ]);
    expect(state.gen).toBe(1);
  });

  it('does not cancel when no response is active, but still clears what is queued', () => {
    const sent = run([{ type: 'response_started', responseId: 'r1' }, delta(800), delta(800), { type: 'response_done', responseId: 'r1' }]);
    const [m1] = marksOf(sent.effects);
    const { effects } = run([{ type: 'mark', name: m1! }, { type: 'speech_started' }], sent.state);
    expect(effects).toEqual([{ type: 'twilio_clear' }, { type: 'engine_truncate', itemId: 'i1', audioEndMs: 100 }]);
  });

  it('does nothing on speech when everything was heard and no response is active', () => {
    const sent = run([{ type: 'response_started', responseId: 'r1' }, delta(800), { type: 'response_done', responseId: 'r1' }]);
    const { effects } = run([{ type: 'mark', name: marksOf(sent.effects)[0]! }, { type: 'speech_started' }], sent.state);
    expect(effects).toEqual([]);
  });

  it('cancels a response that has not produced audio yet without clearing', () => {
    const { effects } = run([{ type: 'response_started', responseId: 'r1' }, { type: 'speech_started' }]);
    expect(effects).toEqual([{ type: 'engine_cancel', responseId: 'r1' }]);
  });

  it('ignores the stale marks Twilio echoes after a clear, and drops late deltas of the cancelled response', () => {
    const first = run([{ type: 'response_started', responseId: 'r1' }, delta(800), delta(800), delta(800), { type: 'speech_started' }]);
    const stale = marksOf(first.effects);
    const late = run([delta(800, 'r1', 'i1'), ...stale.map((name) => ({ type: 'mark', name }) as const)], first.state);
    expect(late.effects).toEqual([]);
    expect(late.state.items).toEqual([]);
    // the next answer starts from zero: a stale echo does not count as heard
    const next = run([{ type: 'response_started', responseId: 'r2' }, delta(800, 'r2', 'i2'), delta(800, 'r2', 'i2'), { type: 'mark', name: stale[2]! }, { type: 'speech_started' }], late.state);
    expect(next.effects.filter((e) => e.type === 'engine_truncate')).toEqual([{ type: 'engine_truncate', itemId: 'i2', audioEndMs: 0 }]);
    expect(marksOf(next.effects)).toEqual(['i2:1:4', 'i2:1:5']);
  });

  it('never truncates past what was sent, whatever the order of events', () => {
    const input = fc.oneof(
      fc.record({ type: fc.constant('audio_delta' as const), responseId: fc.constantFrom('r1', 'r2'), itemId: fc.constantFrom('i1', 'i2'), payload: fc.constant(''), bytes: fc.integer({ min: 0, max: 4000 }) }),
      fc.record({ type: fc.constantFrom('response_started' as const, 'response_done' as const), responseId: fc.constantFrom('r1', 'r2') }),
      fc.record({ type: fc.constant('mark' as const), name: fc.constantFrom('i1:0:1', 'i1:0:2', 'i2:0:3', 'i2:1:4', 'x') }),
      fc.constant({ type: 'speech_started' as const }),
    );
    assertProperty(fc.property(fc.array(input, { maxLength: 60 }), (inputs) => {
      let s = initialPlayback;
      let active: string | null = null;
      for (const i of inputs) {
        const before = s;
        const r = playbackStep(s, i);
        s = r.state;
        if (i.type === 'response_started') active = i.responseId;
        if (i.type === 'response_done' && active === i.responseId) active = null;
        for (const e of r.effects) {
          if (e.type === 'engine_truncate') {
            const it = before.items.find((x) => x.id === e.itemId)!;
            expect(e.audioEndMs * 8).toBeLessThanOrEqual(it.sent);
            expect(e.audioEndMs * 8).toBeLessThanOrEqual(it.played);
          }
          if (e.type === 'engine_cancel') expect(e.responseId).toBe(active);
        }
        if (i.type === 'speech_started') active = null;
        for (const it of s.items) expect(it.played).toBeLessThanOrEqual(it.sent);
      }
    }), { numRuns: 500 });
  });

  it('truncates every answer still playing when a second one arrived before the first finished', () => {
    const sent = run([
      { type: 'response_started', responseId: 'r1' }, delta(800, 'r1', 'i1'), delta(800, 'r1', 'i1'), { type: 'response_done', responseId: 'r1' },
      { type: 'response_started', responseId: 'r2' }, delta(800, 'r2', 'i2'), delta(800, 'r2', 'i2'),
    ]);
    const names = marksOf(sent.effects);
    // The caller heard all of the first answer's first delta only.
    const { effects } = run([{ type: 'mark', name: names[0]! }, { type: 'speech_started' }], sent.state);
    expect(effects).toEqual([
      { type: 'twilio_clear' },
      { type: 'engine_truncate', itemId: 'i1', audioEndMs: 100 },
      { type: 'engine_truncate', itemId: 'i2', audioEndMs: 0 },
      { type: 'engine_cancel', responseId: 'r2' },
    ]);
    // once the first answer has played, only the second is truncated
    const later = run([{ type: 'mark', name: names[2]! }, { type: 'speech_started' }], sent.state);
    expect(later.effects.filter((e) => e.type === 'engine_truncate')).toEqual([{ type: 'engine_truncate', itemId: 'i2', audioEndMs: 100 }]);
  });
});
