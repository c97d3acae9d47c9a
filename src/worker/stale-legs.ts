// AI legs a dead worker left open (kill -9, a crash): their end is recorded by the next worker.
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';

/**
 * How long past MAX_CALL_SECONDS a live worker may still take to record a leg's end: the cap
 * timer's lateness under load plus a slow or locked database write.
 */
export const STALE_LEG_GRACE_MS = 15_000;

/**
 * Which legs are dead, with several workers on one database: a leg open for longer than the call
 * cap plus a grace. No live worker keeps a leg that long (its cap timer ends every stream at
 * MAX_CALL_SECONDS), so this never ends another live worker's call, needs no registry of workers,
 * and holds across hosts. The price: a leg younger than that is ended by a later sweep, not at
 * start (the caller is unaffected: Twilio already asked /webhook/stream_end when the socket died).
 * Assumes every worker on the database runs with the same MAX_CALL_SECONDS.
 */
export function staleLegCutoff(now: Date, maxCallSeconds: number): Date {
  return new Date(now.getTime() - maxCallSeconds * 1000 - STALE_LEG_GRACE_MS);
}

/** Ends the stale legs now, then every so often; returns a stop function. */
export function sweepStaleAiLegs(deps: { store: Store; logger: Logger; maxCallSeconds: number; clock?: () => Date }): () => void {
  const clock = deps.clock ?? (() => new Date());
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const now = clock();
      const n = await deps.store.endOpenAiLegsStartedBefore(staleLegCutoff(now, deps.maxCallSeconds), 'worker_restart', now);
      if (n > 0) deps.logger.warn({ legs: n }, 'ended AI legs a stopped worker left open');
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message }, 'sweep of AI legs left open failed');
    } finally {
      running = false;
    }
  };
  void sweep();
  // Half the cap, between 1 s and a minute: a dead leg gets its end soon after it can be told dead.
  const every = Math.min(60_000, Math.max(1_000, (deps.maxCallSeconds * 1000) / 2));
  const timer = setInterval(() => void sweep(), every);
  timer.unref();
  return () => clearInterval(timer);
}
