import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrationsDir } from '../migrations-dir.ts';
import { migrateSqlite } from './migrate.ts';
import { sqlitePathFromUrl } from './path.ts';
import * as schema from './schema.ts';

export type SqliteDb = BetterSQLite3Database<typeof schema>;

export const SQLITE_MIGRATIONS = migrationsDir('sqlite', import.meta.url);

/**
 * Opens the raw connection: better-sqlite3 unless the entry file passes another (main.deno.ts
 * passes node:sqlite, see node-sqlite-adapter.ts), so no module decides the runtime by itself.
 */
export type SqliteDriver = (path: string) => Database.Database;
const betterSqlite3: SqliteDriver = (path) => new Database(path);

export function openSqlite(url: string, driver: SqliteDriver = betterSqlite3): { db: SqliteDb; raw: Database.Database } {
  const path = sqlitePathFromUrl(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = driver(path);
  // WAL lets the edge and the worker read while the other writes; busy_timeout makes writers
  // wait for each other instead of failing with SQLITE_BUSY.
  raw.pragma('journal_mode = WAL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  // Erased personal data (docs/privacy.md) is overwritten with zeros, not left in free pages of the file.
  raw.pragma('secure_delete = ON');
  migrateSqlite(raw, SQLITE_MIGRATIONS);
  const db = drizzle(raw, { schema });
  return { db, raw };
}
