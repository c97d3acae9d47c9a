// The 200 callers of the many-processes test: four kinds of journey, order numbers shared
// between calls (so several edges save the same new order at once), key presses after a short,
// random think time (so the calls interleave instead of marching in lockstep).
import fc from 'fast-check';
import type { CallerIO } from '../../src/sim/call.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';
import { IN_CI } from '../helpers/processes.ts';
import { FIXED_SEED } from '../helpers/property.ts';

/** The think times are seeded (fixed in CI, fresh elsewhere) and printed, so a run can be replayed with THINK_SEED. */
export const THINK_SEED = process.env.THINK_SEED ? Number(process.env.THINK_SEED) : IN_CI ? FIXED_SEED : (Math.random() * 2 ** 31) | 0;

export type JourneyKind = 'order' | 'decline' | 'voicemail' | 'winding';

export interface Journey {
  kind: JourneyKind;
  from: string;
  keys: string[];
  /** The order number the call confirms, if any. */
  saved: string | null;
}

/** 40 order numbers shared by the 150 calls that confirm one. */
const shared = (i: number) => String(40_000 + (i % 40));

export function journey(i: number): Journey {
  const n = String(i).padStart(4, '0');
  switch (i % 4) {
    case 0:
      return { kind: 'order', from: `+4915112${n}00`, keys: ['1', `${shared(i)}#`, '1', '9'], saved: shared(i) };
    case 1:
      return { kind: 'decline', from: `+4917012${n}00`, keys: ['2'], saved: null };
    case 2:
      return { kind: 'voicemail', from: `+44770090${n}`, keys: ['1', `${shared(i)}#`, '1', '4'], saved: shared(i) };
    default:
      // Too short, then a number the caller corrects, then "hear the status again", then goodbye:
      // every step depends on state carried from the one before.
      return { kind: 'winding', from: `+1202555${n}`, keys: ['1', '12#', `${50_000 + i}#`, '2', `${shared(i)}#`, '1', '1', '9'], saved: shared(i) };
  }
}

/** Call `i`'s scripted caller, pausing 0–120 ms (from THINK_SEED) before each key press. */
export function thinkingCaller(i: number, keys: string[]): CallerIO & { remaining: () => number } {
  const inner = scriptedCaller(keys);
  const pauses = fc.sample(fc.integer({ min: 0, max: 120 }), { seed: THINK_SEED + i, numRuns: keys.length });
  return {
    ...inner,
    async keys(g) {
      await new Promise((r) => setTimeout(r, pauses.shift() ?? 0));
      return inner.keys(g);
    },
  };
}
