import { sql } from 'drizzle-orm';
import type { NumberMatch } from '../queries/context.ts';
import { numberPart } from '../queries/filters.ts';
import type { SqliteDb } from './db.ts';

/** Up to this many number matches are read from the trigram index; more means a common pattern. */
const FTS_LIMIT = 10_000;

/**
 * Calls whose number contains `part`, from the FTS5 trigram index (migration 0002). `many`: more
 * than FTS_LIMIT matches, a pattern so common that walking the newest calls finds a page at once;
 * `scan`: under 3 characters, which a trigram index cannot serve.
 */
export async function matchNumber(db: SqliteDb, part: string): Promise<NumberMatch> {
  const clean = numberPart(part);
  if (clean.length < 3) return { kind: 'scan' };
  const rows = db.all<{ id: number }>(sql`select rowid as id from calls_number_fts where number like ${`%${clean}%`} limit ${FTS_LIMIT + 1}`);
  return rows.length > FTS_LIMIT ? { kind: 'many', atLeast: rows.length } : { kind: 'ids', ids: rows.map((r) => r.id) };
}
