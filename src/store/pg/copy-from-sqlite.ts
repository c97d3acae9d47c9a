// The engine behind `npm run db:copy`: SQLite file → PostgreSQL database, ids kept.
import { count, getTableColumns, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { existsSync } from 'node:fs';
import postgres from 'postgres';
import { openSqlite } from '../sqlite/db.ts';
import { sqlitePathFromUrl } from '../sqlite/path.ts';
import { copyPlan, DERIVED_TABLES, type TablePair } from './copy-tables.ts';
import { migratePg, parsePgUrl } from './db.ts';

export interface CopyOptions {
  from: string;
  to: string;
  /** Empty a non-empty target first instead of refusing. */
  force?: boolean;
  batchSize?: number;
  /** After every batch: rows copied so far of this table and of all tables. */
  onProgress?: (p: { table: string; done: number; total: number; allDone: number; allTotal: number }) => void;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

/** The target holds data and `force` was not given; nothing was written. */
export class TargetNotEmptyError extends Error {
  constructor(readonly tables: TableCount[]) {
    super(`the target database is not empty (${tables.map((t) => `${t.table}: ${t.target}`).join(', ')}); use --force to replace its data`);
  }
}

// PostgreSQL takes at most 65535 parameters per statement: one per column per row.
const MAX_PARAMS = 65_535;

/**
 * Copies every table in foreign-key order inside one PostgreSQL transaction (a failed copy leaves
 * the target as it was), then moves each identity sequence past the copied ids and returns the
 * row counts of both sides, read again after the commit.
 */
export async function copySqliteToPg(o: CopyOptions): Promise<TableCount[]> {
  const path = sqlitePathFromUrl(o.from);
  // openSqlite would create a missing file; a typo must not "copy" an empty database.
  if (path === ':memory:' || !existsSync(path)) throw new Error(`no SQLite database at ${o.from}`);
  // Brings the source to the current schema first, as starting Liza on it would.
  const { db: src, raw } = openSqlite(o.from);
  await migratePg(o.to);
  const client = postgres(parsePgUrl(o.to).url, { max: 1, onnotice: () => {} });
  const dst = drizzle(client);
  const plan = copyPlan();
  try {
    const targetCounts = async () => {
      const out: TableCount[] = [];
      for (const t of plan) {
        const [s] = src.select({ n: count() }).from(t.sqlite).all();
        const [d] = await dst.select({ n: count() }).from(t.pg);
        out.push({ table: t.name, source: s!.n, target: d!.n });
      }
      return out;
    };
    const before = await targetCounts();
    const filled = before.filter((c) => c.target > 0);
    if (filled.length && !o.force) throw new TargetNotEmptyError(filled);
    const allTotal = before.reduce((n, c) => n + c.source, 0);
    let allDone = 0;
    await dst.transaction(async (tx) => {
      if (filled.length) await tx.execute(sql.raw(`truncate ${[...plan.map((t) => t.name), ...DERIVED_TABLES].map((n) => `"${n}"`).join(', ')} restart identity cascade`));
      for (const t of plan) {
        const total = before.find((c) => c.table === t.name)!.source;
        const batch = Math.min(o.batchSize ?? 1000, Math.floor(MAX_PARAMS / t.columns));
        let done = 0;
        for (const rows of readBatches(src, t, batch)) {
          await tx.insert(t.pg).values(rows as never);
          done += rows.length;
          allDone += rows.length;
          o.onProgress?.({ table: t.name, done, total, allDone, allTotal });
        }
        if (total === 0) o.onProgress?.({ table: t.name, done, total, allDone, allTotal });
        if (t.identity) {
          // Next id = highest copied id + 1 (or 1 for an empty table).
          await tx.execute(sql.raw(`select setval(pg_get_serial_sequence('"${t.name}"', 'id'), coalesce((select max(id) from "${t.name}"), 0) + 1, false)`));
        }
      }
    });
    return await targetCounts();
  } finally {
    await client.end();
    raw.close();
  }
}

/** Keyset pagination over SQLite's rowid: every table has one, and it never rescans. */
function* readBatches(src: ReturnType<typeof openSqlite>['db'], t: TablePair, size: number) {
  const cols = getTableColumns(t.sqlite);
  let last = -Infinity;
  for (;;) {
    const rows = src
      .select({ _rowid: sql<number>`rowid`, ...cols })
      .from(t.sqlite)
      .where(sql`rowid > ${last === -Infinity ? -9007199254740991 : last}`)
      .orderBy(sql`rowid`)
      .limit(size)
      .all() as Array<Record<string, unknown> & { _rowid: number }>;
    if (!rows.length) return;
    last = rows.at(-1)!._rowid;
    yield rows.map(({ _rowid, ...row }) => row);
  }
}
