import type * as s from './schema.ts';
import type {
  AuditEntry, Call, CallEvent, CallEventKind, CallStatus, Job, JobStatus, Lang, Order, OrderStatus, Transcript, TranscriptStatus,
} from '../types.ts';

// The rows already have the domain's shape (timestamptz → Date, jsonb → object); only the
// string unions need narrowing, as on SQLite.

export const toCall = (r: typeof s.calls.$inferSelect): Call => ({
  ...r,
  language: r.language as Lang,
  status: r.status as CallStatus,
});

export const toCallEvent = (r: typeof s.callEvents.$inferSelect): CallEvent => ({
  id: r.id,
  callId: r.callId,
  kind: r.kind as CallEventKind,
  step: r.step,
  digits: r.digits,
  text: r.text,
  detail: (r.detail ?? null) as Record<string, unknown> | null,
  at: r.at,
});

export const toOrder = (r: typeof s.orders.$inferSelect): Order => ({ ...r, status: r.status as OrderStatus });

export const toTranscript = (r: typeof s.transcripts.$inferSelect): Transcript => ({
  ...r,
  status: r.status as TranscriptStatus,
});

export const toAudit = (r: typeof s.auditLog.$inferSelect): AuditEntry => ({ ...r, entity: r.entity as AuditEntry['entity'] });

export const toJob = (r: typeof s.jobs.$inferSelect): Job => ({
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
