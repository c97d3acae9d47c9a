import { getTableColumns, type Table } from 'drizzle-orm';
import type {
  AnsweredBy, AuditEntry, Call, CallDirection, CallEvent, CallEventKind, CallStatus, Job, JobStatus, Lang, Order, OrderSource, OrderStatus, StaffRole, StaffSession,
  StaffUser, Transcript, TranscriptStatus,
} from '../domain/index.ts';
import type { NewJob } from './ports/jobs.ts';

// Rows → domain types, for both SQLite and PostgreSQL: the two schemas give rows of the same
// shape (timestamps as Date, JSON as objects; checked in queries/context.ts), so only the string
// unions need narrowing. Rows whose columns are all plain (recordings, notes, API keys) need no mapper.

type Loose<T, K extends keyof T> = Omit<T, K> & { [P in K]: string };

export const toCall = ({ callbackKey: _key, ...r }: Loose<Omit<Call, 'answeredBy'>, 'language' | 'status' | 'direction'> & { answeredBy: string | null; callbackKey?: string | null }): Call => ({
  ...r,
  language: r.language as Lang,
  status: r.status as CallStatus,
  direction: r.direction as CallDirection,
  answeredBy: r.answeredBy as AnsweredBy | null,
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

export const toOrder = (r: Omit<Loose<Order, 'status' | 'source'>, 'phones'> & { phones: unknown }): Order => ({
  ...r,
  status: r.status as OrderStatus,
  source: r.source as OrderSource,
  phones: Array.isArray(r.phones) ? (r.phones as string[]) : [],
});

export const toStaffUser = (r: Loose<StaffUser, 'role'>): StaffUser => ({ ...r, role: r.role as StaffRole });
export const toSession = (r: Loose<StaffSession, 'role'>): StaffSession => ({ ...r, role: r.role as StaffRole });

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

const columnsOf = new WeakMap<Table, Array<[string, ReturnType<typeof getTableColumns>[string]]>>();

/**
 * A row as the database itself names and encodes it (snake_case, timestamps as text: what
 * PostgreSQL's row_to_json gives) → the row drizzle would have returned, decoded by the table's
 * own columns. So a column added to the schema arrives here without another line of mapping.
 */
export function fromDriverRow<T extends Table>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  let cols = columnsOf.get(table);
  if (!cols) columnsOf.set(table, (cols = Object.entries(getTableColumns(table))));
  const row: Record<string, unknown> = {};
  for (const [key, col] of cols) {
    const v = raw[col.name];
    row[key] = v == null ? null : col.mapFromDriverValue(v);
  }
  return row as T['$inferSelect'];
}

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
