// Loads the tables the dashboard reads (calls, consents, orders, order_calls, ai_legs) from the bench's
// SQLite database into a PostgreSQL one with COPY, for bench/staff-list.ts --pg. Not db:copy: that
// inserts every table in batches through drizzle (its purpose is a faithful move, checked), which
// on this shared machine ran at ~2,000 rows/s, an hour for the 7 M rows; COPY with the triggers
// off (session_replication_role = replica), then the tallies built by the migrations' own
// backfill statements, takes minutes. Call events are left out: the dashboard reads only the live
// calls' few.
import type Database from 'better-sqlite3';
import postgres from 'postgres';
import { migratePg } from '../src/store/pg/db.ts';

const TABLES = ['calls', 'consents', 'orders', 'order_calls', 'ai_legs'];

/** COPY's text format: tabs and newlines escaped, \N for null. */
const field = (v: unknown, type: string): string => {
  if (v === null || v === undefined) return '\\N';
  if (type.startsWith('timestamp')) return new Date(Number(v)).toISOString();
  if (type === 'boolean') return v ? 't' : 'f';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
};

export async function loadPg(raw: Database.Database, url: string): Promise<void> {
  await migratePg(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`truncate ${[...TABLES, 'dashboard_hours', 'dashboard_order_days', 'dashboard_orders'].join(', ')} restart identity cascade`);
    await sql.unsafe('set session_replication_role = replica');
    for (const table of TABLES) {
      const cols = await sql<{ column_name: string; data_type: string }[]>`select column_name, data_type from information_schema.columns where table_name = ${table} order by ordinal_position`;
      const names = cols.map((c) => c.column_name);
      const stream = await sql.unsafe(`copy ${table} (${names.join(', ')}) from stdin`).writable();
      const done = new Promise<void>((resolve, reject) => stream.on('finish', resolve).on('error', reject));
      let chunk = '';
      for (const row of raw.prepare(`select ${names.map((n) => `"${n}"`).join(', ')} from ${table}`).raw().iterate() as Iterable<unknown[]>) {
        chunk += row.map((v, i) => field(v, cols[i]!.data_type)).join('\t') + '\n';
        if (chunk.length > 1 << 20 && !stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
        if (chunk.length > 1 << 20) chunk = '';
      }
      stream.end(chunk);
      await done;
    }
    await sql.unsafe('set session_replication_role = origin');
    for (const t of ['calls', 'orders']) await sql.unsafe(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
    // The tallies as the migrations' backfills build them (drizzle/pg/0008, 0010).
    await sql.unsafe(`insert into dashboard_hours (hour_start, calls, inbound, outbound, duration_sum, duration_n)
      select (floor(extract(epoch from started_at) / 3600) * 3600000)::bigint, count(*), count(*) filter (where direction = 'inbound'),
        count(*) filter (where direction = 'outbound'), coalesce(sum(duration_s), 0), count(duration_s) from calls group by 1`);
    await sql.unsafe(`insert into dashboard_hours as d (hour_start, consent_given, consent_declined)
      select (floor(extract(epoch from at) / 3600) * 3600000)::bigint, count(*) filter (where given), count(*) filter (where not given) from consents group by 1
      on conflict (hour_start) do update set consent_given = d.consent_given + excluded.consent_given, consent_declined = d.consent_declined + excluded.consent_declined`);
    await sql.unsafe(`insert into dashboard_order_days (order_id, day_start, calls)
      select order_id, (floor(extract(epoch from at) / 86400) * 86400000)::bigint, count(*) from order_calls group by 1, 2`);
    await sql.unsafe(`insert into dashboard_orders (status, source, orders) select status, source, count(*) from orders group by 1, 2`);
    // As autovacuum would on a live database: the visibility map lets index-only scans skip the heap.
    await sql.unsafe('vacuum analyze');
  } finally {
    await sql.end();
  }
}
