import type { JobStatus } from './statuses.ts';

/** A durable background job (transcription, retention) as the worker's queue keeps it. */
export interface Job {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  leaseUntil: Date | null;
  leasedBy: string | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}
