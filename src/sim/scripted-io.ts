import type { CallerIO } from './call.ts';

/** A caller that presses a fixed list of keys (null/'' = no input) and records everything said. */
export function scriptedCaller(keys: Array<string | null>, opts: { dialAnswered?: boolean } = {}): CallerIO & { notes: string[]; remaining: () => number } {
  const queue = [...keys];
  const notes: string[] = [];
  return {
    notes,
    remaining: () => queue.length,
    say() {},
    async keys() {
      if (queue.length === 0) throw new Error('the scripted caller ran out of key presses: Liza asked for more than the test expected');
      return queue.shift() ?? '';
    },
    async dialAnswered() {
      return opts.dialAnswered ?? false;
    },
    note(m) {
      notes.push(m);
    },
  };
}
