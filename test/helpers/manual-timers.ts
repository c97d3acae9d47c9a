// Timers a test fires by hand (src/worker/timers.ts): the test waits for the code to set a timer
// (an event), then decides when it runs out. No test waits for wall-clock time.
import type { Timers } from '../../src/worker/timers.ts';

export interface PendingTimer {
  readonly ms: number;
  /** Runs the callback now, as if the time had passed. */
  fire(): void;
}

export interface ManualTimers extends Timers {
  /** Timers set and neither fired nor cleared. */
  pending(): PendingTimer[];
  /** The first pending timer that matches, as soon as one is set. */
  next(match?: (t: PendingTimer) => boolean): Promise<PendingTimer>;
}

export function createManualTimers(): ManualTimers {
  const pending = new Set<PendingTimer>();
  const waiters = new Set<() => void>();
  return {
    setTimeout(fn, ms) {
      const t: PendingTimer = {
        ms,
        fire() {
          if (pending.delete(t)) fn();
        },
      };
      pending.add(t);
      for (const w of [...waiters]) w();
      return t;
    },
    clearTimeout(handle) {
      pending.delete(handle as PendingTimer);
    },
    pending: () => [...pending],
    next(match = () => true) {
      return new Promise((resolve) => {
        const check = () => {
          const hit = [...pending].find(match);
          if (!hit) return;
          waiters.delete(check);
          resolve(hit);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
