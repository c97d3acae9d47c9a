import type { Job } from '../types.ts';

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** Enqueueing twice with the same key keeps one job. */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

export interface JobStore {
  enqueueJob(job: NewJob): Promise<Job>;
  getJob(id: number): Promise<Job | null>;
}
