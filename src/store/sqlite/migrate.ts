import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/**
 * Applies the drizzle-kit migrations in drizzle/sqlite, keeping drizzle's own bookkeeping table
 * (`__drizzle_migrations`), so the result is what drizzle's migrator would leave.
 *
 * Not drizzle's migrator itself: it reads the last applied migration before a deferred BEGIN, so
 * when the edge and the worker open a new database at the same moment both decide to migrate
 * and the second fails with "table already exists". Here the read happens inside BEGIN IMMEDIATE:
 * the second process waits (busy_timeout) for the first to commit, then finds nothing to do.
 */
export function migrateSqlite(raw: Database.Database, migrationsFolder: string): void {
  const migrations = readMigrationFiles({ migrationsFolder });
  raw.exec('CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
  const last = raw.prepare('SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1');
  const record = raw.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)');
  raw
    .transaction(() => {
      const row = last.get() as { created_at: number | string } | undefined;
      const done = row ? Number(row.created_at) : -1;
      for (const m of migrations) {
        if (m.folderMillis <= done) continue;
        for (const stmt of m.sql) if (stmt.trim()) raw.exec(stmt);
        record.run(m.hash, m.folderMillis);
      }
    })
    .immediate();
}
