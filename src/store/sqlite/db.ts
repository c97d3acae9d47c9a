import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrationsDir } from '../migrations-dir.ts';
import { migrateSqlite } from './migrate.ts';
import { sqlitePathFromUrl } from './path.ts';
import * as schema from './schema.ts';

/**
 * How long a statement waits (synchronously, the event loop stopped) for another process's write
 * lock before SQLite refuses it: short, since the store then tries again asynchronously (busy.ts).
 * Migrating on open waits longer: the other process may be migrating the same new file, and
 * nothing else runs yet.
 */
const BUSY_TIMEOUT_MS = 50;
const MIGRATE_BUSY_TIMEOUT_MS = 5000;
export const NEW_FILE_PAGE_SIZE = 1024;

export type SqliteDb = BetterSQLite3Database<typeof schema>;

export const SQLITE_MIGRATIONS = migrationsDir('sqlite', import.meta.url);

/**
 * Opens the raw connection: better-sqlite3 unless the entry file passes another (main.deno.ts
 * passes node:sqlite, see node-sqlite-adapter.ts), so no module decides the runtime by itself.
 */
export type SqliteDriver = (path: string) => Database.Database;
const betterSqlite3: SqliteDriver = (path) => new Database(path);

/**
 * mkdir -p, one level at a time from the nearest existing ancestor: Node's recursive mkdirSync
 * never returns for a path under /proc (ENOENT forever), and this names the level that failed.
 */
function ensureDirectory(dir: string) {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) mkdirSync(d);
}

export function openSqlite(url: string, driver: SqliteDriver = betterSqlite3): { db: SqliteDb; raw: Database.Database } {
  const path = sqlitePathFromUrl(url);
  if (path !== ':memory:') ensureDirectory(dirname(path));
  const raw = driver(path);
  // WAL lets the edge and the worker read while the other writes. busy_timeout makes a writer
  // wait for the other process's transactions instead of failing with SQLITE_BUSY.
  raw.pragma(`busy_timeout = ${MIGRATE_BUSY_TIMEOUT_MS}`);
  // A new file gets 1 KiB pages, not SQLite's 4 KiB: a webhook's turn changes ~16 pages (the call's
  // row, a leaf of each of its indexes, the event, the tallies), and every commit writes each changed
  // page whole to the WAL and checksums it. At 1 KiB a turn costs about 0.7 × the CPU (issue 14;
  // bench/RESULTS.md, "SQLite page size"). https://www.sqlite.org/pragma.html#pragma_page_size: the size
  // holds only if set before the first table and before WAL mode; an existing file keeps its own.
  raw.pragma(`page_size = ${NEW_FILE_PAGE_SIZE}`);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  // Erased personal data (docs/privacy.md) is overwritten with zeros, not left in free pages of the file.
  raw.pragma('secure_delete = ON');
  migrateSqlite(raw, SQLITE_MIGRATIONS);
  raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = drizzle(raw, { schema });
  return { db, raw };
}
