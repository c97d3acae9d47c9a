// `npx tsx bench/dashboard-pg-parts.ts [postgres://…/db] [--explain]`: where the uncached dashboard's
// time goes on PostgreSQL, statement by statement. On a database bench/staff-list.ts --pg loaded
// (bench/dashboard-pg-load.ts), it times store.dashboardStats for the page's month, then records the
// SQL one call sends (drizzle's logger: the store's own queries, built as createPgStore builds them)
// and runs each statement alone: its median time, prepared and not, and from EXPLAIN (ANALYZE,
// BUFFERS) its buffers and planning and execution times (--explain prints the whole plans).
// Buffers and plans are what to compare across changes on a busy machine; the times are only
// comparable within one run. Nothing is written.
import { drizzle } from 'drizzle-orm/postgres-js';
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { foldDays } from '../src/edge/routes/admin/pages.tsx';
import { pgDialect } from '../src/store/pg/dialect.ts';
import * as schema from '../src/store/pg/schema.ts';
import { shared, type Db } from '../src/store/queries/context.ts';
import { dashboardQueries } from '../src/store/queries/dashboard.ts';
import { topOrdersQuery } from '../src/store/queries/dashboard-top-orders.ts';
import { timed } from './dashboard-uncached.ts';

const url = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'postgres://127.0.0.1:5432/liza_bench';
const full = process.argv.includes('--explain');
// The store's own pool size (src/store/pg/db.ts).
const client = postgres(url, { max: 10, onnotice: () => {} });
let log: Array<{ q: string; p: unknown[] }> | null = null;
const db = drizzle(client, { logger: { logQuery: (q, p) => log?.push({ q, p }) } }) as unknown as Db;
const s = shared(db, schema, pgDialect(db));
// dashboardStats never enriches calls; only listLiveCalls does.
const { dashboardStats } = dashboardQueries(s, async () => []);
const topOrders = topOrdersQuery(s);
const { since } = foldDays([], new Date());

const median = async (f: () => unknown) => (await timed(f, 11))[0].toFixed(1);

console.log(`${url}: the month since ${since.toISOString()} · load average ${loadavg().map((l) => l.toFixed(1)).join(', ')}`);
console.log(`dashboardStats p50 ${await median(() => dashboardStats(since))} ms; its top orders alone p50 ${await median(() => topOrders(since, 10))} ms`);
log = [];
await dashboardStats(since);
const sent = log;
log = null;
console.log(`${sent.length} statements per call; each alone:`);
for (const { q, p } of sent) {
  const params = p as never[];
  const prepared = await median(() => client.unsafe(q, params, { prepare: true }));
  const unprepared = await median(() => client.unsafe(q, params, { prepare: false }));
  const plan = (await client.unsafe(`explain (analyze, buffers) ${q}`, params)).map((r) => String(r['QUERY PLAN']));
  const summary = [plan.find((l) => l.includes('Buffers:'))?.trim() ?? 'no buffers', ...plan.filter((l) => /^(Planning|Execution) Time/.test(l))].join('; ');
  console.log(`- ${prepared} ms prepared, ${unprepared} ms not | ${summary} | ${p.length} params | ${q.replace(/\s+/g, ' ').slice(0, 160)}`);
  if (full) console.log(plan.join('\n'));
}
await client.end();
