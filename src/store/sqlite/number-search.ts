import { sql } from 'drizzle-orm';
import type { NumberMatch } from '../queries/context.ts';
import { numberPart } from '../queries/filters.ts';
import type { SqliteDb } from './db.ts';
import { writeTransaction } from './write.ts';

/** Up to this many number matches are read from the trigram index; more means a common pattern. */
const FTS_LIMIT = 10_000;

/**
 * Indexes the calls that arrived since the last search (migration 0011 keeps the index off the
 * webhook path): one batch insert, far cheaper per call than a trigram insert in every turn. The
 * check is a read of two b-tree ends, so a search with nothing new takes no write lock.
 */
export async function catchUpNumberIndex(db: SqliteDb): Promise<void> {
  const behind = () =>
    db.get<{ behind: number }>(sql`select coalesce((select max(id) from calls), 0) > (select last_call_id from calls_number_fts_upto) as behind`)!.behind;
  if (!behind()) return;
  await writeTransaction(db, (tx) => {
    if (!behind()) return; // another search (or process) caught up while this one waited for the lock
    tx.run(sql`insert into calls_number_fts (rowid, number)
      select id, coalesce(from_full, from_masked) from calls where id > (select last_call_id from calls_number_fts_upto)`);
    tx.run(sql`update calls_number_fts_upto set last_call_id = coalesce((select max(id) from calls), last_call_id)`);
  });
}

/**
 * Calls whose number contains `part`, from the FTS5 trigram index (migration 0002). `many`: more
 * than FTS_LIMIT matches, a pattern so common that walking the newest calls finds a page at once;
 * `scan`: under 3 characters, which a trigram index cannot serve.
 */
export async function matchNumber(db: SqliteDb, part: string): Promise<NumberMatch> {
  const clean = numberPart(part);
  if (clean.length < 3) return { kind: 'scan' };
  await catchUpNumberIndex(db);
  const rows = db.all<{ id: number }>(sql`select rowid as id from calls_number_fts where number like ${`%${clean}%`} limit ${FTS_LIMIT + 1}`);
  return rows.length > FTS_LIMIT ? { kind: 'many', atLeast: rows.length } : { kind: 'ids', ids: rows.map((r) => r.id) };
}
