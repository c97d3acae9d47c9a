import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/db.ts';
import { ROOT, TSX_IMPORT, tempDir } from '../helpers/spawn-edge.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Resolves once the process sleeps in the kernel's nanosleep: SQLite's busy handler, retrying a
 * locked database, is the only thing that sleeps that way once the child said "opening" (Node's
 * own waits are epoll). Linux only; elsewhere it resolves at once and the test may then take the
 * path where the lock is already free, which it also checks.
 */
function sleepingOnLock(pid: number): Promise<unknown> {
  const wchan = `/proc/${pid}/wchan`;
  if (!existsSync('/proc/self/wchan')) return Promise.resolve();
  return eventually(() => (existsSync(wchan) ? readFileSync(wchan, 'utf8') : 'gone'), (w) => /nanosleep|gone/.test(w), `process ${pid} to wait on the SQLite lock`);
}

/** A second process opening the store (as the worker does next to the edge); resolves with its output. */
function openInChild(file: string, onReady: (pid: number) => void): Promise<{ code: number | null; out: string }> {
  const script = `
    const { createSqliteStore } = await import(${JSON.stringify(join(ROOT, 'src/store/sqlite/index.ts'))});
    console.log('opening');
    const store = createSqliteStore(${JSON.stringify(file)});
    await store.ping();
    console.log('opened');
    await store.close();`;
  const child = spawn(process.execPath, ['--import', TSX_IMPORT, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    if (String(d).includes('opening')) onReady(child.pid!);
  });
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

describe('SQLite migrations when two processes open a new database together', () => {
  it('the second waits for the first one\'s migration and then finds nothing to do', async () => {
    const file = join(tempDir(), 'liza.db');
    const first = new Database(file);
    first.pragma('journal_mode = WAL');
    // The first process is in the middle of migrating: tables created, not yet committed.
    first.exec('CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
    first.exec('BEGIN IMMEDIATE');
    for (const m of readMigrationFiles({ migrationsFolder: SQLITE_MIGRATIONS })) {
      for (const stmt of m.sql) if (stmt.trim()) first.exec(stmt);
      first.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)').run(m.hash, m.folderMillis);
    }
    let ready!: (pid: number) => void;
    const childReady = new Promise<number>((r) => (ready = r));
    const second = openInChild(file, ready);
    await sleepingOnLock(await childReady); // the second process is now waiting on the lock
    first.exec('COMMIT');
    const { code, out } = await second;
    expect(out).toContain('opened');
    expect(code).toBe(0);
    const applied = first.prepare('SELECT count(*) AS n FROM "__drizzle_migrations"').get() as { n: number };
    expect(applied.n).toBe(readMigrationFiles({ migrationsFolder: SQLITE_MIGRATIONS }).length);
    first.close();
  });
});
