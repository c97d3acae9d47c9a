// Database reachable and migrated, without migrating anything: the doctor only looks. Drizzle's
// migrators apply every migration newer than the newest `created_at` they recorded, so the
// database is current when that covers the last entry of the journal that ships with this code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { sqlitePathFromUrl } from '../../store/sqlite/path.ts';
import { migrationsDir } from '../../store/migrations-dir.ts';
import { redactDatabaseUrl } from '../wait-for-database.ts';
import { errorText, fail, pass, type CheckResult } from './check.ts';

const TITLE = 'database reachable and migrated';
const RESTART = 'Start (or restart) the edge and the worker: they apply migrations at start (systemctl restart liza-edge liza-worker, or docker compose up -d).';

function journal(dialect: 'sqlite' | 'pg'): Array<{ tag: string; when: number }> {
  const path = join(migrationsDir(dialect, import.meta.url), 'meta', '_journal.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { entries: Array<{ tag: string; when: number }> }).entries;
}

function verdict(where: string, applied: number[], dialect: 'sqlite' | 'pg'): CheckResult {
  const entries = journal(dialect);
  const newest = applied.length ? Math.max(...applied) : -1;
  const pending = entries.filter((e) => e.when > newest);
  if (pending.length) {
    return fail('database', TITLE, `${where}: ${pending.length} of ${entries.length} migrations not applied (${pending.map((p) => p.tag).join(', ')})`, RESTART);
  }
  const latest = Math.max(...entries.map((e) => e.when));
  if (newest > latest) {
    return fail('database', TITLE, `${where} was migrated by a newer version of Liza than this checkout`, 'Update this checkout to the version the edge and worker run (git pull), then run the doctor again.');
  }
  return pass('database', TITLE, `${where}: reachable, all ${entries.length} migrations applied`);
}

function sqliteCheck(url: string): CheckResult {
  const path = sqlitePathFromUrl(url);
  if (path === ':memory:') return fail('database', TITLE, 'DATABASE_URL is an in-memory database: nothing would be kept', 'Set DATABASE_URL to a file, e.g. /var/lib/liza/liza.db, or a postgres:// URL.');
  if (!existsSync(path)) {
    return fail('database', TITLE, `SQLite file ${path} does not exist`, `Start the edge once (it creates and migrates ${path}); check that DATABASE_URL is the same for the doctor, the edge and the worker.`);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const table = db.prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    const applied = table ? (db.prepare('select created_at as t from __drizzle_migrations').all() as Array<{ t: number }>).map((r) => Number(r.t)) : [];
    return verdict(`SQLite ${path}`, applied, 'sqlite');
  } catch (err) {
    const fix = /EACCES|SQLITE_CANTOPEN|readonly|permission/i.test(errorText(err))
      ? `Run the doctor as the user the processes run as (e.g. sudo -u liza npm run doctor), who may read ${path}.`
      : `Check ${path}: it must be Liza's SQLite database (restore a backup if it is damaged, see deploy/README.md).`;
    return fail('database', TITLE, `cannot read SQLite ${path}: ${errorText(err)}`, fix);
  } finally {
    db?.close();
  }
}

async function pgCheck(url: string): Promise<CheckResult> {
  const where = `PostgreSQL ${redactDatabaseUrl(url)}`;
  const u = new URL(url);
  u.searchParams.delete('max'); // Liza's own pool-size option, not postgres-js'
  const sql = postgres(u.toString(), { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const exists = await sql<Array<{ t: string | null }>>`select to_regclass('drizzle.__drizzle_migrations')::text as t`;
    const applied = exists[0]?.t ? (await sql<Array<{ t: string }>>`select created_at::text as t from drizzle.__drizzle_migrations`).map((r) => Number(r.t)) : [];
    return verdict(where, applied, 'pg');
  } catch (err) {
    const text = errorText(err);
    const code = (err as { code?: string }).code ?? '';
    let fix = 'Check DATABASE_URL (host, port, database name) and that PostgreSQL runs and accepts TCP connections from this machine.';
    if (code === '28P01' || code === '28000') fix = 'The user or password in DATABASE_URL is wrong: fix it (and POSTGRES_PASSWORD with compose).';
    if (code === '3D000') fix = 'The database in DATABASE_URL does not exist: create it (createdb -O liza liza) or fix the name.';
    return fail('database', TITLE, `${where}: ${text}`, fix);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export async function databaseCheck(databaseUrl: string): Promise<CheckResult> {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? pgCheck(databaseUrl) : sqliteCheck(databaseUrl);
}
