import type { CallControlStore } from './ports/call-control.ts';
import type { AiAdmissionStore, AiLegStore } from './ports/ai-legs.ts';
import type { CallStore } from './ports/calls.ts';
import type { JobStore } from './ports/jobs.ts';
import type { OrderStore } from './ports/orders.ts';
import type { PrivacyStore } from './ports/privacy.ts';
import type { QueryStore } from './ports/queries.ts';
import type { RecordingStore } from './ports/recordings.ts';
import type { ApiKeyStore, StaffStore } from './ports/staff.ts';

/**
 * The one way to the database, for both processes. Async so that a PostgreSQL implementation
 * fits behind it; returns domain types only. Nothing above the store imports drizzle.
 */
export interface Store extends CallStore, CallControlStore, AiLegStore, AiAdmissionStore, OrderStore, RecordingStore, JobStore, StaffStore, ApiKeyStore, QueryStore, PrivacyStore {
  /** Throws when the database is not reachable (health checks). */
  ping(): Promise<void>;
  /**
   * Throws when the database cannot be written now (a read-only file or server, or SQLite locked
   * by another process for longer than a short wait): start-up refuses it, /health reports it.
   */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

export type * from './ports/ai-legs.ts';
export type * from './ports/calls.ts';
export type * from './ports/call-control.ts';
export type * from './ports/jobs.ts';
export type * from './ports/orders.ts';
export type * from './ports/recordings.ts';
export type * from './ports/staff.ts';
export type * from './ports/queries.ts';
export type * from './ports/privacy.ts';
