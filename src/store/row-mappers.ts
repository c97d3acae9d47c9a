import type { NewJob } from './ports/jobs.ts';
import type {
  AuditEntry, Call, CallEvent, CallEventKind, CallStatus, Job, JobStatus, Lang, Order, OrderStatus, Recording,
  Transcript, TranscriptStatus,
} from '../domain/index.ts';

// Rows → domain types, for both SQLite and PostgreSQL: the two schemas give rows of the same
// shape (timestamps as Date, JSON as objects), so only the string unions need narrowing. The row
// types are written structurally so that either drizzle schema's rows fit.

type Loose<T, K extends keyof T> = Omit<T, K> & { [P in K]: string };

export const toCall = (r: Loose<Call, 'language' | 'status'>): Call => ({
  ...r,
  language: r.language as Lang,
  status: r.status as CallStatus,
});

export const toCallEvent = (r: Omit<CallEvent, 'kind' | 'detail'> & { kind: string; detail: unknown }): CallEvent => ({
  id: r.id,
  callId: r.callId,
  kind: r.kind as CallEventKind,
  step: r.step,
  digits: r.digits,
  text: r.text,
  detail: (r.detail ?? null) as Record<string, unknown> | null,
  at: r.at,
});

export const toOrder = (r: Loose<Order, 'status'>): Order => ({ ...r, status: r.status as OrderStatus });

export const toRecording = (r: Recording): Recording => r;

export const toTranscript = (r: Loose<Transcript, 'status'>): Transcript => ({ ...r, status: r.status as TranscriptStatus });

export const toAudit = (r: Loose<AuditEntry, 'entity'>): AuditEntry => ({ ...r, entity: r.entity as AuditEntry['entity'] });

export const toJob = (r: Omit<Job, 'status' | 'payload'> & { status: string; payload: unknown; dedupeKey?: string | null }): Job => ({
  id: r.id,
  kind: r.kind,
  payload: r.payload as Record<string, unknown>,
  status: r.status as JobStatus,
  attempts: r.attempts,
  maxAttempts: r.maxAttempts,
  runAt: r.runAt,
  leaseUntil: r.leaseUntil,
  leasedBy: r.leasedBy,
  lastError: r.lastError,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** The row a new job starts as, in either database: queued, due now unless told otherwise. */
export const newJobRow = (job: NewJob, now: Date) => ({
  kind: job.kind,
  payload: job.payload,
  dedupeKey: job.dedupeKey ?? null,
  status: 'queued',
  maxAttempts: job.maxAttempts ?? 5,
  runAt: job.runAt ?? now,
  createdAt: now,
  updatedAt: now,
});
