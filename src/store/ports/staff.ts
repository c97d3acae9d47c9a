import type { StaffSession, StaffUser } from '../../domain/index.ts';

export interface NewStaffSession {
  /** SHA-256 (hex) of the cookie value: the cookie itself is never stored. */
  idHash: string;
  userId: number;
  csrfToken: string;
  expiresAt: Date;
}

/** Staff accounts, server-side sessions and the failed-login log that throttles guessing. */
export interface StaffStore {
  countStaffUsers(): Promise<number>;
  /** Null when the username is taken. */
  createStaffUser(username: string, passwordHash: string, at: Date): Promise<StaffUser | null>;
  getStaffUserByName(username: string): Promise<StaffUser | null>;
  createSession(s: NewStaffSession, at: Date): Promise<void>;
  /** The live session for this hash, or null when unknown or expired. */
  getSession(idHash: string, now: Date): Promise<StaffSession | null>;
  deleteSession(idHash: string): Promise<void>;
  recordLoginFailure(keys: string[], at: Date): Promise<void>;
  /** Failures for any of `keys` since `since` (the largest count of the keys). */
  countLoginFailures(keys: string[], since: Date): Promise<number>;
  clearLoginFailures(keys: string[]): Promise<void>;
  /** Drops expired sessions and old failures. */
  pruneStaffData(now: Date, failuresBefore: Date): Promise<void>;
}
