import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { migrationsDir } from '../migrations-dir.ts';

// Without drizzle's relational schema: the store builds its queries from the tables themselves
// (queries/), which is what lets one query module serve SQLite too.
export type PgDb = PostgresJsDatabase;

export const PG_MIGRATIONS = migrationsDir('pg', import.meta.url);

/** Any fixed number works; it only has to be the same in every process of one installation. */
const MIGRATION_LOCK = 0x6c697a61; // "liza"
const DEFAULT_POOL = 10;

/**
 * Reads our own `max` query parameter (pool size per process) and leaves the rest of the URL to
 * postgres-js. postgres-js would take `?max=` too, but as a string, which breaks its pool.
 */
export function parsePgUrl(url: string): { url: string; max: number } {
  const u = new URL(url);
  const raw = u.searchParams.get('max');
  u.searchParams.delete('max');
  const max = raw === null ? DEFAULT_POOL : Number(raw);
  if (!Number.isInteger(max) || max < 1) throw new Error(`DATABASE_URL: max must be a positive integer, got "${raw}"`);
  return { url: u.toString(), max };
}

/**
 * Applies drizzle/pg on one dedicated connection while holding a session advisory lock, so that
 * several edges and workers starting at once migrate one after the other: drizzle's migrator on
 * its own races (two `CREATE TABLE`s of the same name, or both applying the same migration).
 */
export async function migratePg(url: string): Promise<void> {
  const client = postgres(parsePgUrl(url).url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await migrate(drizzle(client), { migrationsFolder: PG_MIGRATIONS });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    await client.end();
  }
}

export async function openPg(url: string): Promise<{ db: PgDb; client: postgres.Sql }> {
  await migratePg(url);
  const { url: clean, max } = parsePgUrl(url);
  // NOTICEs ("relation already exists, skipping") are noise in our logs. A health check against
  // an unreachable server should fail within seconds, not postgres-js' default 30.
  const timeout = new URL(clean).searchParams.has('connect_timeout') ? {} : { connect_timeout: 5 };
  const client = postgres(clean, { max, onnotice: () => {}, ...timeout });
  return { db: drizzle(client), client };
}
