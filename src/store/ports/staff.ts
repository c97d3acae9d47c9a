import type { ApiKey, AuditEntity, AuditEntry, StaffRole, StaffSession, StaffUser } from '../../domain/index.ts';

export interface NewStaffSession {
  /** SHA-256 (hex) of the cookie value: the cookie itself is never stored. */
  idHash: string;
  userId: number;
  csrfToken: string;
  expiresAt: Date;
}

/** Who changes an account and what it becomes. */
export type AccountChange<T> = { kind: 'changed' | 'unchanged'; value: T } | { kind: 'not_found' } | { kind: 'last_admin' };

/** Staff accounts, server-side sessions and the failed-login log that throttles guessing. */
export interface StaffStore {
  countStaffUsers(): Promise<number>;
  /**
   * Null when the username is taken. Role `staff` unless told; `actor` is recorded in the audit
   * log (null: the system, e.g. the first account at start).
   */
  createStaffUser(username: string, passwordHash: string, at: Date, opts?: { role?: StaffRole; actor?: string | null }): Promise<StaffUser | null>;
  getStaffUserByName(username: string): Promise<StaffUser | null>;
  getStaffUser(id: number): Promise<StaffUser | null>;
  /** Every account, active ones first, then by name. */
  listStaffUsers(): Promise<StaffUser[]>;
  /**
   * A new password; ends the user's sessions but `keepSession` (their own, when they change it
   * themselves), audited. False when there is no such user.
   */
  setStaffPassword(userId: number, passwordHash: string, actor: string, at: Date, opts?: { keepSession?: string }): Promise<boolean>;
  /**
   * Deactivates (ending every session at once) or reactivates an account, audited. `last_admin`:
   * refused, it is the last active admin and nobody could manage the team any more.
   */
  setStaffDisabled(userId: number, disabled: boolean, actor: string, at: Date): Promise<AccountChange<StaffUser>>;
  recordStaffLogin(userId: number, at: Date): Promise<void>;
  createSession(s: NewStaffSession, at: Date): Promise<void>;
  /** The live session for this hash, or null when unknown, expired, or its account is disabled. */
  getSession(idHash: string, now: Date): Promise<StaffSession | null>;
  deleteSession(idHash: string): Promise<void>;
  /**
   * Records one sign-in attempt under each key, BEFORE the password is checked, so parallel
   * attempts all count (the ids let a successful attempt take its rows back).
   */
  recordLoginFailure(keys: string[], at: Date): Promise<number[]>;
  /** Takes back the rows of an attempt that turned out right. */
  deleteLoginFailures(ids: number[]): Promise<void>;
  /** Failures for any of `keys` since `since` (the largest count of the keys). */
  countLoginFailures(keys: string[], since: Date): Promise<number>;
  clearLoginFailures(keys: string[]): Promise<void>;
  /** Drops expired sessions and old failures. */
  pruneStaffData(now: Date, failuresBefore: Date): Promise<void>;
  /** The newest audit entries of these kinds (the team page's change history). */
  listRecentAudit(entities: AuditEntity[], limit: number): Promise<AuditEntry[]>;
}

export interface NewApiKey {
  name: string;
  prefix: string;
  /** SHA-256 (hex) of the key: the key itself is shown once and never stored. */
  keyHash: string;
}

/** The shop's API keys. */
export interface ApiKeyStore {
  /** Null when an active key already has this name (names are how the history tells keys apart). */
  createApiKey(k: NewApiKey, actor: string, at: Date): Promise<ApiKey | null>;
  /** Every key, active ones first, newest first. */
  listApiKeys(): Promise<ApiKey[]>;
  /** The key with this hash, revoked or not (the API says which), or null. */
  findApiKey(keyHash: string): Promise<ApiKey | null>;
  /** Records a use; written at most once a minute per key, so busy integrations cost no write per request. */
  touchApiKey(id: number, at: Date): Promise<void>;
  /** Revokes at once, audited; `unchanged` when it was revoked already. */
  revokeApiKey(id: number, actor: string, at: Date): Promise<AccountChange<ApiKey>>;
}
