// Where, in a whole database, a string appears: every column of every table (SQLite: also the
// FTS5 index tables and the raw database and WAL files). For "nothing of this caller is kept".
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import postgres from 'postgres';

export type Hit = string;

/** `table.column` (or `file:<path>`) for each place one of `needles` appears in a SQLite database file. */
export function scanSqlite(path: string, needles: string[]): Hit[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const hits: Hit[] = [];
  try {
    const tables = db.prepare(`select name from sqlite_master where type = 'table'`).all() as Array<{ name: string }>;
    if (!tables.some((t) => t.name === 'calls_number_fts_content')) throw new Error('the scan expects the number-search index tables');
    for (const { name } of tables) {
      const cols = db.prepare(`select name from pragma_table_info(?)`).all(name) as Array<{ name: string }>;
      for (const c of cols) {
        for (const n of needles) {
          // As bytes, so blobs (the FTS index's own pages) are searched as well as text.
          const row = db.prepare(`select count(*) as n from "${name}" where instr(cast("${c.name}" as blob), cast(? as blob)) > 0`).get(n) as { n: number };
          if (row.n > 0) hits.push(`${name}.${c.name}`);
        }
      }
    }
    // The number search through the index itself, as staff would run it.
    for (const n of needles) {
      const row = db.prepare(`select count(*) as n from calls_number_fts where number like ?`).get(`%${n}%`) as { n: number };
      if (row.n > 0) hits.push('calls_number_fts(match)');
    }
  } finally {
    db.close();
  }
  for (const file of [path, `${path}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const n of needles) if (bytes.includes(Buffer.from(n, 'utf8'))) hits.push(`file:${file.endsWith('-wal') ? 'wal' : 'db'}`);
  }
  return hits;
}

/** `table.column` for each place one of `needles` appears in a PostgreSQL database (every column, as text). */
export async function scanPg(url: string, needles: string[]): Promise<Hit[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const hits: Hit[] = [];
  try {
    const cols = await sql<Array<{ table_name: string; column_name: string }>>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`;
    if (!cols.some((c) => c.table_name === 'calls')) throw new Error('no calls table: not a Liza database');
    for (const c of cols) {
      for (const n of needles) {
        const [r] = await sql.unsafe(`select count(*)::int as n from "${c.table_name}" where strpos("${c.column_name}"::text, $1) > 0`, [n]);
        if (r!.n > 0) hits.push(`${c.table_name}.${c.column_name}`);
      }
    }
    // What the trigram index answers (drizzle/pg/0002): the expression it indexes.
    for (const n of needles) {
      const [r] = await sql`select count(*)::int as n from calls where coalesce(from_full, from_masked) like ${`%${n}%`}`;
      if (r!.n > 0) hits.push('calls_number_trgm_idx(match)');
    }
  } finally {
    await sql.end();
  }
  return hits;
}
