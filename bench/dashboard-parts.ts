// `npx tsx bench/dashboard-parts.ts --db <1M SQLite file> [--pg postgres://…/db] [--rounds 6]`: where the
// uncached dashboard page's time goes, part by part, on each database. Per round, interleaved: the
// whole `/` request (a clock 61 s further on every request defeats the route's 60 s cache), then each
// thing it waits on alone: store.dashboardStats, store.listLiveCalls, store.aiUsageByDay, the JSX
// render of the page from those results, and a signed-in request of a page that queries nothing
// (routing and session lookup). The SQLite file must be seeded (scripts/seed.ts --seed 42, as
// bench/staff-list.ts); AI legs are added to it when it has none (dashboard-ai-legs.ts), and an empty
// --pg database is loaded from it (dashboard-pg-load.ts). Prints p50/p95 over all rounds and the load
// average; writes nothing.
import { jsx } from 'hono/jsx';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { parseConfig } from '../src/config/index.ts';
import { createApp } from '../src/edge/app.ts';
import { foldDays } from '../src/edge/routes/admin/pages.tsx';
import { getI18n } from '../src/i18n/index.ts';
import { silentLogger } from '../src/log/logger.ts';
import { createStore, type Store } from '../src/store/index.ts';
import { DashboardPage } from '../src/views/dashboard.tsx';
import { openSqlite } from '../src/store/sqlite/db.ts';
import { seedAiLegs } from './dashboard-ai-legs.ts';
import { loadPg } from './dashboard-pg-load.ts';
import { signIn } from './dashboard-uncached.ts';
import { drizzle } from 'drizzle-orm/postgres-js';
import { pgDialect } from '../src/store/pg/dialect.ts';
import * as pgSchema from '../src/store/pg/schema.ts';
import { shared, type Db, type Tables } from '../src/store/queries/context.ts';
import { dashboardAiQueries } from '../src/store/queries/dashboard-ai.ts';
import { sqliteDialect } from '../src/store/sqlite/dialect.ts';
import * as sqliteSchema from '../src/store/sqlite/schema.ts';

const { values } = parseArgs({
  options: { db: { type: 'string' }, pg: { type: 'string' }, rounds: { type: 'string', default: '6' }, per: { type: 'string', default: '5' }, 'ai-share': { type: 'string', default: '0.15' } },
});
const rounds = Number(values.rounds);
const per = Number(values.per);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

type Part = [string, () => Promise<unknown>];

/** The AI usage as the dashboard read it before the hourly tallies: every leg of the month summed. */
const closers: Array<() => unknown> = [];
function recountOf(url: string): Store['aiUsageByDay'] {
  if (/^postgres/.test(url)) {
    const client = postgres(url, { max: 10, onnotice: () => {} });
    closers.push(() => client.end());
    const db = drizzle(client) as unknown as Db;
    return dashboardAiQueries(shared(db, pgSchema, pgDialect(db))).aiUsageRecount;
  }
  const { db, raw } = openSqlite(url);
  closers.push(() => raw.close());
  return dashboardAiQueries(shared(db as unknown as Db, sqliteSchema as unknown as Tables, sqliteDialect(db))).aiUsageRecount;
}

async function partsOf(name: string, store: Store, url: string): Promise<Part[]> {
  let clock = Date.now();
  const config = parseConfig({ TWILIO_AUTH_TOKEN: 'bench-token-0123456789', DATABASE_URL: url });
  const recount = recountOf(url);
  // The same store with the old AI usage: the page before the tallies, A/B in one run.
  const before = new Proxy(store, { get: (s, k) => (k === 'aiUsageByDay' ? recount : Reflect.get(s, k)) });
  const appOf = (s: Store) => createApp({ store: s, config, logger: silentLogger(), clock: () => new Date((clock += 61_000)) });
  const [app, oldApp] = [appOf(store), appOf(before)];
  const cookie = await signIn(app, store);
  const get = async (path: string, via = app) => {
    const res = await via.request(path, { headers: { Cookie: cookie } });
    if (res.status !== 200) throw new Error(`${name} ${path}: ${res.status}`);
    return res.text();
  };
  const at = () => new Date(clock);
  const { since } = foldDays([], at());
  const liveSince = () => new Date(at().getTime() - 2 * 3_600_000);
  const ui = { lang: 'de' as const, t: getI18n().getFixedT('de', 'admin'), user: 'bench', admin: false, csrf: 'x', here: '/' };
  const [{ hourly, ...stats }, live, aiDays] = await Promise.all([store.dashboardStats(since), store.listLiveCalls(liveSince(), 50), store.aiUsageByDay(since, at())]);
  const { days } = foldDays(hourly, at());
  console.log(`${name}: ${live.length} live calls, ${aiDays.length} AI days, top orders ${stats.topOrders.map((o) => `${o.id}:${o.calls}`).join(' ')}`);
  // The tallies' answer must be the recount's at this size too, for the page's span and others.
  for (const [from, to] of [[since, at()], [new Date(since.getTime() - 1234567), new Date(at().getTime() - 7654321)], [new Date(0), new Date(at().getTime() + 86_400_000)]] as const) {
    const [a, b] = [JSON.stringify(await store.aiUsageByDay(from, to)), JSON.stringify(await recount(from, to))];
    if (a !== b) throw new Error(`${name}: AI usage ${from.toISOString()}–${to.toISOString()} differs from the recount`);
  }
  // The whole page, both ways, must be the same HTML but for the clock it shows.
  const strip = (html: string) => html.replace(/\d{1,2}:\d{2}/g, '');
  if (strip(await get('/')) !== strip(await get('/', oldApp))) throw new Error(`${name}: the page differs with the old AI usage`);
  return [
    [`${name} \`/\` whole page, uncached`, () => get('/')],
    [`${name} \`/\` whole page, uncached, AI usage recounted (before)`, () => get('/', oldApp)],
    [`${name} AI usage recounted from the legs (before)`, () => recount(since, at())],
    [`${name} store.dashboardStats`, () => store.dashboardStats(since)],
    [`${name} store.listLiveCalls`, () => store.listLiveCalls(liveSince(), 50)],
    [`${name} store.aiUsageByDay`, () => store.aiUsageByDay(since, at())],
    [`${name} JSX render of the page`, async () => String(jsx(DashboardPage, { ui, days, stats, live, controls: null, aiDays, prices: config.prices }))],
    [`${name} \`/flow\` (routing, session, no query)`, () => get('/flow')],
  ];
}

if (values.db) {
  const { raw } = openSqlite(values.db);
  const added = seedAiLegs(raw, Number(values['ai-share']));
  if (added) console.log(`added ${added.toLocaleString('en')} AI legs to ${values.db}`);
  if (values.pg) {
    const probe = postgres(values.pg, { max: 1, onnotice: () => {} });
    const [has] = await probe`select to_regclass('calls') is not null and exists (select 1 from calls) as full`.catch(() => [{ full: false }]);
    await probe.end();
    if (!has?.full) {
      const t0 = performance.now();
      await loadPg(raw, values.pg);
      console.log(`copied into ${values.pg} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
  raw.close();
}
const stores: Store[] = [];
const parts: Part[] = [];
for (const [name, url] of [['SQLite', values.db], ['PostgreSQL', values.pg]] as const) {
  if (!url) continue;
  const store = await createStore(url);
  stores.push(store);
  parts.push(...(await partsOf(name, store, url)));
}
const ms = new Map<string, number[]>(parts.map(([n]) => [n, []]));
const loads: number[] = [];
for (const [, f] of parts) for (let i = 0; i < 3; i++) await f();
for (let r = 0; r < rounds; r++) {
  loads.push(loadavg()[0]!);
  for (const [n, f] of r % 2 ? [...parts].reverse() : parts) {
    for (let i = 0; i < per; i++) {
      const t0 = performance.now();
      await f();
      ms.get(n)!.push(performance.now() - t0);
    }
  }
}
console.log(`${rounds} rounds × ${per} runs (after 3 untimed), order reversed every other round; 1-min load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
console.log('| part | p50 ms | p95 ms |\n|---|---|---|');
for (const [n, xs] of ms) console.log(`| ${n} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} |`);
for (const s of stores) await s.close();
for (const close of closers) await close();
