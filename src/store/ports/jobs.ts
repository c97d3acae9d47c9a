import type { Job } from '../../domain/index.ts';

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** Enqueueing twice with the same key keeps one job. */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

export interface ClaimOptions {
  /** Who holds the lease (a worker id); only that holder may complete, fail or release the job. */
  workerId: string;
  /** How long the lease lasts; a job whose holder died is claimable again once it runs out. */
  leaseMs: number;
  now: Date;
  kinds?: string[];
}

export interface JobStore {
  enqueueJob(job: NewJob): Promise<Job>;
  getJob(id: number): Promise<Job | null>;
  /**
   * Atomically takes the oldest due job (queued and due, or running with an expired lease), marks it
   * running under `workerId` until `now + leaseMs` and counts the attempt. Null when nothing is due.
   */
  claimJob(opts: ClaimOptions): Promise<Job | null>;
  /** Marks a leased job done; false when the lease was lost (another worker took it over). */
  completeJob(id: number, workerId: string, now: Date): Promise<boolean>;
  /**
   * Records a failed attempt: back to `queued` at `retryAt`, or `failed` for good once the attempts
   * are used up (or `retryAt` is null). Returns the job as stored, null when the lease was lost.
   */
  failJob(id: number, workerId: string, error: string, retryAt: Date | null, now: Date): Promise<Job | null>;
  /**
   * Extends a held lease to `leaseUntil` (the heartbeat of a running job); false when the lease
   * was lost, i.e. another worker took the job over.
   */
  renewJobLease(id: number, workerId: string, leaseUntil: Date, now: Date): Promise<boolean>;
  /** Gives a job back unfinished (shutdown): queued again, the attempt not counted. */
  releaseJob(id: number, workerId: string, now: Date): Promise<boolean>;
  listJobs(filter?: { kind?: string; status?: Job['status'] }): Promise<Job[]>;
}
