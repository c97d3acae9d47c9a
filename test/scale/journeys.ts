// The 200 callers of the many-processes test: four kinds of journey, order numbers shared
// between calls (so several edges save the same new order at once), key presses after a short,
// random think time (so the calls interleave instead of marching in lockstep).
import type { CallerIO } from '../../src/sim/call.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';

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

/** The scripted caller, pausing 0–120 ms before each key press. */
export function thinkingCaller(keys: string[]): CallerIO & { remaining: () => number } {
  const inner = scriptedCaller(keys);
  return {
    ...inner,
    async keys(g) {
      await new Promise((r) => setTimeout(r, Math.random() * 120));
      return inner.keys(g);
    },
  };
}
