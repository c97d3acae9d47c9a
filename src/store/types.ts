// Domain types shared by both processes and the views. Pure: no runtime or ORM imports.

export const CALL_STATUSES = ['in_progress', 'processed', 'completed', 'problem'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const ORDER_STATUSES = ['received', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const LANGS = ['de-DE', 'en-GB', 'en-US'] as const;
export type Lang = (typeof LANGS)[number];

export function isCallStatus(v: unknown): v is CallStatus {
  return typeof v === 'string' && (CALL_STATUSES as readonly string[]).includes(v);
}
export function isOrderStatus(v: unknown): v is OrderStatus {
  return typeof v === 'string' && (ORDER_STATUSES as readonly string[]).includes(v);
}
export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

export interface Call {
  id: number;
  callSid: string;
  /** Always present; safe to show and to keep after a declined consent. */
  fromMasked: string;
  /** Only stored once the caller consented (GDPR). */
  fromFull: string | null;
  toNumber: string | null;
  callerName: string | null;
  language: Lang;
  status: CallStatus;
  startedAt: Date;
  endedAt: Date | null;
  durationS: number | null;
}

/** What kind of thing happened in a call; `ivr` is one webhook turn of the IVR. */
export type CallEventKind = 'ivr' | 'twilio_status' | 'recording' | 'ai' | 'staff';

export interface CallEvent {
  id: number;
  callId: number;
  kind: CallEventKind;
  /** IVR node or event name, e.g. `consent`, `order`, `completed`, `user`, `assistant`. */
  step: string;
  /** Key presses as Twilio sent them (may be empty). */
  digits: string | null;
  /** Free text: a transcript line, an outcome. */
  text: string | null;
  /** Structured extras (prompt keys said, outcome). */
  detail: Record<string, unknown> | null;
  at: Date;
}

export interface NewCallEvent {
  /** Unique per call: a replayed webhook with the same key is ignored. */
  key: string;
  kind: CallEventKind;
  step: string;
  digits?: string | null;
  text?: string | null;
  detail?: Record<string, unknown> | null;
  at: Date;
}

export interface Consent {
  callId: number;
  given: boolean;
  at: Date;
}

export interface Order {
  id: number;
  number: string;
  status: OrderStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderNote {
  id: number;
  orderId: number;
  author: string | null;
  body: string;
  at: Date;
}

export interface Recording {
  id: number;
  callId: number;
  recordingSid: string;
  url: string;
  status: string;
  durationS: number | null;
  at: Date;
}

export type TranscriptStatus = 'pending' | 'done' | 'failed';
export interface Transcript {
  id: number;
  callId: number;
  recordingId: number | null;
  status: TranscriptStatus;
  text: string | null;
  error: string | null;
  at: Date;
}

export interface AuditEntry {
  id: number;
  entity: 'call' | 'order';
  entityId: number;
  actor: string | null;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  at: Date;
}

export interface StaffUser {
  id: number;
  username: string;
  passwordHash: string;
  createdAt: Date;
}

export interface StaffSession {
  id: string;
  userId: number;
  username: string;
  csrfToken: string;
  expiresAt: Date;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';
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
