// The staff side of the PostgreSQL schema: accounts, sessions, sign-in failures and the shop's API keys.
// Part of schema.ts (which re-exports it, so drizzle-kit and the store see one schema).
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, ts } from './schema-columns.ts';

export const staffUsers = pgTable(
  'staff_users',
  {
    id: id(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** admin | staff. The accounts from before roles existed were the one shared admin account. */
    role: text('role').notNull().default('admin'),
    disabledAt: ts('disabled_at'),
    lastLoginAt: ts('last_login_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('staff_users_username_uq').on(t.username)],
);

export const staffSessions = pgTable(
  'staff_sessions',
  {
    /** SHA-256 of the cookie value, so a leaked database does not leak live sessions. */
    id: text('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('staff_sessions_expires_idx').on(t.expiresAt)],
);

export const loginFailures = pgTable(
  'login_failures',
  {
    id: id(),
    key: text('key').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('login_failures_key_at_idx').on(t.key, t.at)],
);

/** The shop's API keys: only a SHA-256 of the key is kept (it has 256 random bits, so no slow hash is needed). */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash)],
);
