// Waiting for events, never for time. A helper here has no deadline of its own: the only time
// limits in the suite are vitest's testTimeout and hookTimeout (vitest.config.ts), which turn a
// hang into a failure. So a busy machine makes a test slower, never red.
//
// Every wait is registered while it is pending. When a test or a file ends with waits still
// pending (it timed out, or failed elsewhere), test/setup/pending-waits.ts prints what they were
// waiting for and cancels them, so no polling loop or half-started process outlives its test.

export class WaitCancelled extends Error {
  override name = 'WaitCancelled';
}

interface Pending {
  what: string;
  last: () => string;
  cancel: (reason: string) => void;
}

const pending = new Set<Pending>();

/** Prints and cancels whatever is still waiting (called by the vitest setup file). */
export function cancelPendingWaits(when: string): void {
  for (const p of [...pending]) {
    console.error(`[wait] ${when} while still waiting for ${p.what}${p.last()}`);
    p.cancel(`${when}: stopped waiting for ${p.what}`);
  }
  pending.clear();
}

const show = (v: unknown) => {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 500 ? `${s.slice(0, 500)}…` : s;
  } catch {
    return String(v);
  }
};

/** Registers a promise that resolves on an event (a socket message, a log line) while it is pending. */
export function tracked<T>(what: string, start: (resolve: (v: T) => void, reject: (e: Error) => void) => (() => void) | void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let stop: (() => void) | void;
    const settle = () => {
      settled = true;
      pending.delete(entry);
      stop?.();
    };
    const entry: Pending = {
      what,
      last: () => '',
      cancel: (reason) => (settle(), reject(new WaitCancelled(reason))),
    };
    pending.add(entry);
    stop = start(
      (v) => (settle(), resolve(v)),
      (e) => (settle(), reject(e)),
    );
    if (settled) stop?.(); // it settled during start(), before `stop` was known
  });
}

/**
 * Asks `fn` again (every `everyMs`, a poll cadence, not a deadline) until `pred` holds, then
 * resolves with that value. For state with no event to listen to: a database row, a process
 * answering, a counter in a fake.
 */
export async function eventually<T>(fn: () => T | Promise<T>, pred: (v: T) => boolean, what = `${pred}`, everyMs = 10): Promise<T> {
  let last: { v: T } | undefined;
  let cancelled: string | null = null;
  let wake: (() => void) | undefined;
  const entry: Pending = {
    what,
    last: () => (last ? `; last value ${show(last.v)}` : ''),
    cancel: (reason) => {
      cancelled = reason;
      wake?.();
    },
  };
  pending.add(entry);
  try {
    for (;;) {
      const v = await fn();
      last = { v };
      if (pred(v)) return v;
      await new Promise<void>((r) => {
        const t = setTimeout(r, everyMs);
        wake = () => (clearTimeout(t), r());
      });
      if (cancelled !== null) throw new WaitCancelled(cancelled);
    }
  } finally {
    pending.delete(entry);
  }
}
