// Timers as a dependency. Production passes nothing and gets the real ones; a test passes timers
// it fires itself (test/helpers/manual-timers.ts), so it waits for an event, never for time.

/** What a timer handle is depends on who made it; only the same Timers may clear it. */
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout> | undefined),
};

/** Resolves after `ms`, or at once when `wake` is called first (shutdown). */
export function sleep(timers: Timers, ms: number, wakes: Set<() => void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const wake = () => {
      timers.clearTimeout(handle);
      wakes.delete(wake);
      resolve();
    };
    const handle = timers.setTimeout(wake, ms);
    wakes.add(wake);
  });
}
