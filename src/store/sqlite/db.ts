import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateSqlite } from './migrate.ts';
import { sqlitePathFromUrl } from './path.ts';
import * as schema from './schema.ts';

export type SqliteDb = BetterSQLite3Database<typeof schema>;

/**
 * For every transaction that writes. A deferred one that reads first and writes later fails at
 * once with SQLITE_BUSY_SNAPSHOT when the other process (edge or worker) committed in between;
 * BEGIN IMMEDIATE takes the write lock first, so it waits (busy_timeout) instead.
 */
export const WRITE = { behavior: 'immediate' } as const;

export const SQLITE_MIGRATIONS = fileURLToPath(new URL('../../../drizzle/sqlite', import.meta.url));


/** Opens the raw connection; better-sqlite3 by default, node:sqlite under Deno (see store/index.ts). */
export type SqliteDriver = (path: string) => Database.Database;

// Process-wide because the runtime is: the store factory swaps it once, at start, under Deno.
let driver: SqliteDriver | null = null;
export function useSqliteDriver(d: SqliteDriver): void {
  driver = d;
}

export function openSqlite(url: string): { db: SqliteDb; raw: Database.Database } {
  const path = sqlitePathFromUrl(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = driver ? driver(path) : new Database(path);
  // WAL lets the edge and the worker read while the other writes; busy_timeout makes writers
  // wait for each other instead of failing with SQLITE_BUSY.
  raw.pragma('journal_mode = WAL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  migrateSqlite(raw, SQLITE_MIGRATIONS);
  const db = drizzle(raw, { schema });
  return { db, raw };
}
