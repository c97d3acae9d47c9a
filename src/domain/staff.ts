export const STAFF_ROLES = ['admin', 'staff'] as const;
/** `admin` manages staff accounts and API keys; `staff` works with calls and orders. */
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaffRole(v: unknown): v is StaffRole {
  return typeof v === 'string' && (STAFF_ROLES as readonly string[]).includes(v);
}

export interface StaffUser {
  id: number;
  username: string;
  passwordHash: string;
  role: StaffRole;
  /** Set when an admin deactivated the account: it cannot sign in, its sessions end at once. */
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface StaffSession {
  id: string;
  userId: number;
  username: string;
  role: StaffRole;
  csrfToken: string;
  expiresAt: Date;
}

/** An API key as staff see it; the key itself is shown once and only its hash is kept. */
export interface ApiKey {
  id: number;
  name: string;
  /** The key's first characters, so an admin can tell keys apart without the secret. */
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}
