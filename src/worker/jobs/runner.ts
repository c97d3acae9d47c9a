// Durable background jobs from the store's `jobs` table: claimed under a short lease renewed
// while the job runs (so two workers never run the same job, and a crashed worker's job is
// taken over soon after it stopped renewing),
// retried with backoff, and ending as `failed` with the error when the attempts are used up.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import type { Job } from '../../domain/index.ts';
import { realTimers, sleep, type Timers } from '../timers.ts';

export interface JobHandler {
  run(job: Job, signal: AbortSignal): Promise<void>;
  /** Called once when the job has failed for good, to make the failure visible where users look. */
  onFailed?(job: Job, error: string): Promise<void>;
}

/** Throw this for failures that retrying cannot fix (the recording row is gone, …). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface JobRunnerOptions {
  store: Store;
  logger: Logger;
  handlers: Record<string, JobHandler>;
  workerId?: string;
  leaseMs?: number;
  pollMs?: number;
  concurrency?: number;
  /** Delay before attempt n+1 after attempt n failed. */
  backoffMs?: (attempts: number) => number;
  clock?: () => Date;
  /** Polling, the shutdown grace and retries of the "done" write (tests fire them by hand). */
  timers?: Timers;
}

export interface JobRunner {
  readonly workerId: string;
  start(): void;
  /** Claims and runs one due job; false when none was due. */
  runOnce(): Promise<boolean>;
  /** Stops claiming; running jobs get `graceMs` to finish, then are aborted and given back. */
  stop(graceMs: number): Promise<void>;
}

export const DEFAULT_LEASE_MS = 20_000;

export const defaultBackoff = (attempts: number) => Math.min(5_000 * 2 ** (attempts - 1), 10 * 60_000);

/** Wait before writing a finished job's "done" again after the write failed (the database hiccupped). */
export const doneRetryMs = (attempt: number) => Math.min(1_000 * attempt, 30_000);

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createJobRunner(o: JobRunnerOptions): JobRunner {
  const workerId = o.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const clock = o.clock ?? (() => new Date());
  const timers = o.timers ?? realTimers;
  // A short lease renewed while the job runs: a worker killed with -9 stops renewing, and its job
  // is taken over within a lease and a poll (about 21 s) instead of after minutes.
  const leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
  const heartbeatMs = Math.max(1, Math.floor(leaseMs / 4));
  const backoff = o.backoffMs ?? defaultBackoff;
  const kinds = Object.keys(o.handlers);
  const runnerLog = o.logger.child({ workerId });
  const running = new Map<number, { ctl: AbortController; done: Promise<void> }>();
  const lost = new Set<number>();
  let stopping = false;
  let loops: Promise<void>[] = [];
  const wakes = new Set<() => void>();

  async function execute(job: Job) {
    const handler = o.handlers[job.kind]!;
    // A job about a call (a voice message) logs with its callSid, like every call-related line.
    const log = typeof job.payload.callSid === 'string' ? runnerLog.child({ callSid: job.payload.callSid }) : runnerLog;
    const ctl = new AbortController();
    let finish!: () => void;
    running.set(job.id, { ctl, done: new Promise((r) => (finish = r)) });
    const beat = heartbeat(job, ctl, log);
    try {
      if (await attempt(job, handler, ctl, log)) await markDone(job, log);
    } finally {
      beat.stop();
      running.delete(job.id);
      finish();
    }
  }

  /**
   * Renews the lease every quarter lease while the handler runs. A renewal the database refuses
   * because the lease is gone (another worker took the job) aborts this run: the other one owns
   * it now. A renewal that fails (the database hiccupped) is tried again at the next beat.
   */
  function heartbeat(job: Job, ctl: AbortController, log: Logger) {
    let handle: unknown;
    let stopped = false;
    const tick = async () => {
      if (stopped) return;
      try {
        const now = clock();
        const held = await o.store.renewJobLease(job.id, workerId, new Date(now.getTime() + leaseMs), now);
        if (!held && !stopped) {
          log.warn({ jobId: job.id, kind: job.kind }, 'job lease lost to another worker; stopping this run');
          lost.add(job.id);
          ctl.abort();
          return;
        }
      } catch (err) {
        log.warn({ jobId: job.id, err: errorText(err) }, 'renewing the job lease failed; trying again at the next beat');
      }
      if (!stopped) handle = timers.setTimeout(() => void tick(), heartbeatMs);
    };
    handle = timers.setTimeout(() => void tick(), heartbeatMs);
    return {
      stop() {
        stopped = true;
        timers.clearTimeout(handle);
      },
    };
  }

  /** Runs the handler once; true when it finished, false when the attempt failed or was given back. */
  async function attempt(job: Job, handler: JobHandler, ctl: AbortController, log: Logger): Promise<boolean> {
    try {
      await handler.run(job, ctl.signal);
      return true;
    } catch (err) {
      const message = errorText(err);
      if (lost.delete(job.id)) return false; // another worker holds it now; nothing of ours to record
      if (ctl.signal.aborted) {
        // Shutdown, not the job's fault: give it back for the next worker, attempt not counted.
        await o.store.releaseJob(job.id, workerId, clock());
        log.info({ jobId: job.id }, 'job released at shutdown');
      } else {
        const permanent = err instanceof PermanentJobError;
        const now = clock();
        const after = await o.store.failJob(job.id, workerId, message, permanent ? null : new Date(now.getTime() + backoff(job.attempts)), now);
        log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, err: message, status: after?.status }, 'job attempt failed');
        if (after?.status === 'failed') await handler.onFailed?.(after, message).catch(() => undefined);
      }
      return false;
    }
  }

  /**
   * Records a finished job as done. The work is done, so a failed write is no failed attempt:
   * counting it would run the job again, and once the attempts were used up, `onFailed` would
   * overwrite the result it produced. The write is tried again until it succeeds or the runner
   * stops; only then is the job left to its lease (another worker runs it once that runs out).
   */
  async function markDone(job: Job, log: Logger) {
    const facts = { jobId: job.id, kind: job.kind, attempt: job.attempts };
    for (let tries = 1; ; tries++) {
      try {
        if (await o.store.completeJob(job.id, workerId, clock())) log.info(facts, 'job done');
        else log.warn(facts, 'job done after its lease ran out; another worker may have run it too');
        return;
      } catch (err) {
        if (stopping) {
          log.error({ ...facts, err: errorText(err) }, 'job done but not recorded before shutdown; it runs again once its lease runs out');
          return;
        }
        log.warn({ ...facts, err: errorText(err), tries }, 'job done but recording it failed; trying again');
        await sleep(timers, doneRetryMs(tries), wakes);
      }
    }
  }

  async function runOnce() {
    if (stopping) return false;
    const job = await o.store.claimJob({ workerId, leaseMs, now: clock(), kinds });
    if (!job) return false;
    await execute(job);
    return true;
  }

  async function loop() {
    while (!stopping) {
      let worked = false;
      try {
        worked = await runOnce();
      } catch (err) {
        runnerLog.error({ err: errorText(err) }, 'job loop error');
      }
      if (!worked && !stopping) await sleep(timers, o.pollMs ?? 1000, wakes);
    }
  }

  return {
    workerId,
    start() {
      if (kinds.length === 0) return;
      loops = Array.from({ length: o.concurrency ?? 2 }, () => loop());
    },
    runOnce,
    async stop(graceMs) {
      stopping = true;
      for (const w of [...wakes]) w();
      const all = () => Promise.all([...running.values()].map((r) => r.done));
      const grace = new Set<() => void>();
      await Promise.race([all(), sleep(timers, graceMs, grace)]);
      for (const w of [...grace]) w(); // the jobs finished first: clear the grace timer
      for (const r of running.values()) r.ctl.abort();
      await all();
      await Promise.all(loops);
    },
  };
}
