import { describe, expect, it } from 'vitest';
import de from '../../locales/de/admin.json' with { type: 'json' };
import en from '../../locales/en/admin.json' with { type: 'json' };
import { FLOW } from '../../src/ivr/flow.ts';
import { step } from '../../src/ivr/step.ts';
import type { IvrInput, IvrState, NodeId } from '../../src/ivr/types.ts';

/** Every outcome word step() can write into a call's timeline, found by walking every node with every input. */
function allOutcomes(): Set<string> {
  const out = new Set<string>(['greeting']);
  const inputs: IvrInput[] = [
    { type: 'none' },
    ...['', '#', '*', '0', '1', '2', '3', '4', '5', '8', '9', '12', '1234', '12*4', '1234567890123'].map((digits) => ({ type: 'digits' as const, digits })),
    { type: 'ai_ended' },
    { type: 'recorded' },
    { type: 'dial_ended', answered: true },
    { type: 'dial_ended', answered: false },
  ];
  for (const node of Object.keys(FLOW) as NodeId[]) {
    for (const misses of [0, 2]) {
      for (const order of [null, '4711']) {
        for (const aiEnabled of [true, false]) {
          for (const staffEnabled of [true, false]) {
            const state: IvrState = { node, lang: 'de-DE', seq: 1, misses, order };
            // Known numbers, and unknown ones under both UNKNOWN_ORDERS modes.
            for (const unknown of [{}, { orderKnown: false, unknownOrders: 'create' as const }, { orderKnown: false, unknownOrders: 'reject' as const }]) {
              for (const input of inputs) out.add(step(state, input, { aiEnabled, staffEnabled, ...unknown }).outcome);
            }
          }
        }
      }
    }
  }
  return out;
}

describe('the staff call timeline', () => {
  it('has a label in both languages for every outcome and step the IVR records', () => {
    const outcomes = allOutcomes();
    expect(outcomes.size).toBeGreaterThan(15);
    for (const o of outcomes) {
      expect((de.outcome as Record<string, string>)[o], `de outcome ${o}`).toBeTruthy();
      expect((en.outcome as Record<string, string>)[o], `en outcome ${o}`).toBeTruthy();
    }
    for (const s of [...Object.keys(FLOW), 'voice', 'stream_end', 'voicemail', 'staff_call']) {
      expect((de.step as Record<string, string>)[s], `de step ${s}`).toBeTruthy();
      expect((en.step as Record<string, string>)[s], `en step ${s}`).toBeTruthy();
    }
  });
});
