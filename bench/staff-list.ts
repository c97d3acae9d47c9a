// `npm run bench:staff-list [-- --calls 1000000 --db ./data/bench-1m.db --requests 200 --pg postgres://127.0.0.1:5432/liza_bench]`
// Times the staff list pages in-process (app.request: routing, session lookup, query, JSX render,
// no socket) on a SQLite database seeded with realistic calls, and writes the numbers into the
// `staff-list` section of bench/RESULTS.md. Goal: p95 ≤ 30 ms for a filtered /calls page at 1M calls.
// With --pg, the uncached dashboard also on PostgreSQL (the tables it reads loaded there from the
// SQLite data when that database holds no calls yet: bench/dashboard-pg-load.ts); goal ≤ 50 ms on both (issue 14).
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedSqlite } from '../scripts/seed.ts';
import postgres from 'postgres';
import { parseConfig } from '../src/config/index.ts';
import { createApp } from '../src/edge/app.ts';
import { foldDays } from '../src/edge/routes/admin/pages.tsx';
import { silentLogger } from '../src/log/logger.ts';
import { createStore } from '../src/store/index.ts';
import { openSqlite } from '../src/store/sqlite/db.ts';
import { createSqliteStore } from '../src/store/sqlite/index.ts';
import { berlinDay } from '../src/views/time.ts';
import { loadPg } from './dashboard-pg-load.ts';
import { dashboardRows, signIn, timed } from './dashboard-uncached.ts';
import { machineLine, writeSection } from './results-file.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '1000000' }, db: { type: 'string' }, requests: { type: 'string', default: '200' }, pg: { type: 'string' } } });
const calls = Number(values.calls);
const requests = Number(values.requests);
const db = values.db ?? join(tmpdir(), `liza-bench-${calls}.db`);

if (!existsSync(db)) {
  const t0 = performance.now();
  const { raw } = openSqlite(db);
  seedSqlite(raw, { calls, days: 90, seed: 42, now: new Date(), live: 3 });
  raw.close();
  console.log(`seeded ${calls.toLocaleString('en')} calls into ${db} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// Opening runs pending migrations: on a database seeded before the dashboard tallies, their backfill.
const tOpen = performance.now();
const store = createSqliteStore(db);
await store.getStaffUserByName('bench');
console.log(`opened (with any pending migrations) in ${((performance.now() - tOpen) / 1000).toFixed(1)} s`);
const config = parseConfig({ TWILIO_AUTH_TOKEN: 'bench-token-0123456789', DATABASE_URL: db });
const app = createApp({ store, config, logger: silentLogger() });
const cookie = await signIn(app, store);

const day = (daysAgo: number) => berlinDay(Date.now() - daysAgo * 86_400_000);
const rare = (await store.listCalls({ status: 'completed' }, { offset: 1234, limit: 1, countCap: 0 })).rows[0]!.fromFull?.slice(-7) ?? '1234567';
const scenarios: Array<[string, (i: number) => string]> = [
  ['/calls (no filter)', () => '/calls'],
  ['/calls?status=problem', () => '/calls?status=problem'],
  ['/calls?status=completed&lang=en-GB', () => '/calls?status=completed&lang=en-GB'],
  ['/calls one week, by date', () => `/calls?date_from=${day(37)}&date_to=${day(30)}`],
  ['/calls?status=completed&lang=de-DE, pages 1–200', (i) => `/calls?status=completed&lang=de-DE&page=${1 + ((i * 37) % 200)}`],
  ['/calls?from=+44 (number prefix)', () => '/calls?from=%2B44'],
  ['/calls?from=4242 (4 digits anywhere, ~1k calls)', () => '/calls?from=4242'],
  ['/calls?from=…7 digits (one caller)', () => `/calls?from=${rare}`],
  ['/calls?from=…7 digits&date one week', () => `/calls?from=${rare}&date_from=${day(37)}&date_to=${day(30)}`],
  ['/orders?status=processing', () => '/orders?status=processing'],
  ['/ (dashboard)', () => '/'],
];

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const rows: string[] = [];
for (const [name, url] of scenarios) {
  const n = name.startsWith('/ (dashboard)') ? Math.min(requests, 30) : requests;
  for (let i = 0; i < 20; i++) await (await app.request(url(i), { headers: { Cookie: cookie } })).text();
  const times: number[] = [];
  let status = 0;
  let results = '';
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await app.request(url(i), { headers: { Cookie: cookie } });
    const html = await res.text();
    times.push(performance.now() - t0);
    status = res.status;
    results = /<p class="count" role="status">([^<]*)</.exec(html)?.[1] ?? '';
  }
  times.sort((a, b) => a - b);
  const line = `| \`${name}\` | ${status} | ${results.replace(/\u00a0/g, ' ') || '–'} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | ${times.at(-1)!.toFixed(1)} |`;
  console.log(line);
  rows.push(line);
}
/** Ten timed runs of `f`, as a table row (p50, p95, max ms). */
async function timedRow(name: string, f: () => unknown): Promise<void> {
  const [p50, p95, mx] = await timed(f);
  const line = `| ${name} | – | – | ${p50.toFixed(1)} | ${p95.toFixed(1)} | ${mx.toFixed(1)} |`;
  console.log(line);
  rows.push(line);
}
// The same month recounted from the calls and consents themselves, as dashboardStats did before
// the hourly tallies (its three grouping queries over the covering indexes).
// The page's month: 30 Berlin days, from a Berlin midnight (an hour or two before a UTC one).
const { since } = foldDays([], new Date());
const { raw } = openSqlite(db);
const recountSql = [
  `select (started_at / 3600000) * 3600000 h, sum(direction = 'inbound'), sum(direction = 'outbound') from calls where started_at >= ? group by h`,
  `select (at / 3600000) * 3600000 h, sum(given), sum(not given) from consents where at >= ? group by h`,
  `select avg(duration_s) from calls where started_at >= ? and duration_s is not null`,
].map((q) => raw.prepare(q));
await timedRow("month recount from the calls (the dashboard's query before the hourly tallies)", () => recountSql.map((q) => q.all(since.getTime())));

// The uncached dashboard on each database, with the queries it ran before the order tallies.
const dash = await dashboardRows('SQLite', store, db, since, async (q) => raw.prepare(q).all(...(q.includes('?') ? [since.getTime()] : [])));
await store.close();
if (values.pg) {
  const pgUrl = values.pg;
  const probe = postgres(pgUrl, { max: 1, onnotice: () => {} });
  const [has] = await probe`select to_regclass('calls') is not null and exists (select 1 from calls) as full`.catch(() => [{ full: false }]);
  if (!has?.full) {
    const t0 = performance.now();
    await loadPg(raw, pgUrl);
    console.log(`copied into ${pgUrl} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const pgStore = await createStore(pgUrl);
  dash.push(...(await dashboardRows('PostgreSQL', pgStore, pgUrl, since, (q) => probe.unsafe(q, q.includes('$1') ? [since] : []))));
  await pgStore.close();
  await probe.end();
}
raw.close();

writeSection('staff-list', `
## Staff list pages at ${calls.toLocaleString('en')} calls (SQLite)

\`npm run bench:staff-list -- --calls ${calls}${values.pg ? ' --pg …' : ''}\` · ${machineLine()} · load average ${loadavg().map((l) => l.toFixed(1)).join(', ')}

Each row: ${requests} sequential GETs (30 for the dashboard, whose month aggregates are cached for 60 s; the last row recounts the month from the calls) through \`app.request\` with a signed-in session: routing,
session lookup, the query, JSX rendering, the whole HTML body read; no socket. Data from \`npm run seed\` (90 days,
realistic mix). Counts stop at 10,000 ("more than"), pages at 200 × 50 (bounded offset, ids walked in the index
first). The number filter matches any part of the caller number through an FTS5 trigram index (migration 0002);
a pattern with more than 10,000 matches instead walks the newest calls until the page is full.

| page | status | result count shown | p50 ms | p95 ms | max ms |
|---|---|---|---|---|---|
${rows.join('\n')}

Goal: p95 ≤ 30 ms for a filtered \`/calls\` page at 1,000,000 calls.

### The uncached dashboard at ${calls.toLocaleString('en')} calls

Ten requests each after three untimed ones (bench/dashboard-uncached.ts). The page row is the whole \`/\` request
with the month's aggregates computed afresh every time (a clock that moves 61 s per request defeats the route's
60 s cache), live calls and AI usage included. The "before" rows are the queries the dashboard ran, in the same run
on the same data, for the parts the order tallies now answer.${values.pg ? ' PostgreSQL 15 on the same machine: the same calls, consents, orders and links (COPY, tallies by the migrations\' backfill, then `vacuum analyze`; bench/dashboard-pg-load.ts).' : ''}

| database | what | p50 ms | p95 ms | max ms |
|---|---|---|---|---|
${dash.join('\n')}

Goal (issue 14): the uncached dashboard ≤ 50 ms at 1,000,000 calls on both databases. It reads tallies that
triggers keep: calls and consents per hour (\`dashboard_hours\`, ~720 rows a month), orders per status and source
(\`dashboard_orders\`, a handful), and links per order and UTC day (\`dashboard_order_days\`), from whose daily
largest counts the top-10 orders are proven (src/store/queries/dashboard-top-orders.ts) instead of grouping the
month's ~200,000 links.
`);
console.log('written to bench/RESULTS.md (section staff-list)');
