// The uncached dashboard for bench/staff-list.ts, on either database: the whole page with its month
// aggregates computed afresh on every request (the route keeps them 60 s; a clock that moves 61 s
// per request defeats that), the store's dashboardStats alone, and, as the "before" figures of the
// same run, the plain queries the dashboard ran before its order tallies (raw SQL, run by `raw`).
import { parseConfig } from '../src/config/index.ts';
import { createApp } from '../src/edge/app.ts';
import { hashPassword } from '../src/edge/auth/password.ts';
import { silentLogger } from '../src/log/logger.ts';
import type { Store } from '../src/store/index.ts';

type Hono = ReturnType<typeof createApp>;
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** Signs `bench` in through the real form, as a browser would; the session cookie. */
export async function signIn(app: Hono, store: Store): Promise<string> {
  if (!(await store.getStaffUserByName('bench'))) await store.createStaffUser('bench', await hashPassword('bench password'), new Date());
  const form = await app.request('/login');
  const loginCookie = form.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const login = await app.request('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: loginCookie },
    body: new URLSearchParams({ username: 'bench', password: 'bench password', _csrf: csrf }).toString(),
  });
  if (login.status !== 303) throw new Error(`sign-in failed: ${login.status}`);
  return login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** `n` timed runs of `f` after 3 untimed ones: p50, p95 and max in ms. */
export async function timed(f: () => unknown, n = 10): Promise<[number, number, number]> {
  for (let i = 0; i < 3; i++) await f();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  ms.sort((x, y) => x - y);
  return [pct(ms, 50), pct(ms, 95), ms.at(-1)!];
}

/** What the dashboard ran before the order tallies, as raw SQL with one parameter (the month's start, in the dialect's own form). */
export const BEFORE_SQL = {
  sqlite: {
    top: `select order_id, count(*) c from order_calls indexed by order_calls_at_order_idx where at >= ? group by order_id order by c desc, order_id limit 10`,
    status: `select status, count(*) from orders group by status`,
    unconfirmed: `select count(*) from orders where source = 'call'`,
  },
  pg: {
    top: `select order_id, count(*) c from order_calls where at >= $1 group by order_id order by c desc, order_id limit 10`,
    status: `select status, count(*) from orders group by status`,
    unconfirmed: `select count(*) from orders where source = 'call'`,
  },
};

/**
 * Table rows for one database: the page uncached, dashboardStats, then each "before" query.
 * `raw(sql)` runs one of BEFORE_SQL with `since`, the month's start.
 */
export async function dashboardRows(dialect: 'SQLite' | 'PostgreSQL', store: Store, url: string, since: Date, raw: (q: string) => Promise<unknown>): Promise<string[]> {
  let clock = Date.now();
  const app = createApp({ store, config: parseConfig({ TWILIO_AUTH_TOKEN: 'bench-token-0123456789', DATABASE_URL: url }), logger: silentLogger(), clock: () => new Date((clock += 61_000)) });
  const cookie = await signIn(app, store);
  const row = (what: string, [p50, p95, mx]: number[]) => `| ${dialect} | ${what} | ${p50!.toFixed(1)} | ${p95!.toFixed(1)} | ${mx!.toFixed(1)} |`;
  const rows = [
    row('`/` (dashboard page, month aggregates uncached on every request)', await timed(async () => {
      const res = await app.request('/', { headers: { Cookie: cookie } });
      if (res.status !== 200) throw new Error(`dashboard: ${res.status}`);
      await res.text();
    })),
    row('`store.dashboardStats` (the page\'s 30 Berlin days, uncached)', await timed(() => store.dashboardStats(since))),
  ];
  const before = BEFORE_SQL[dialect === 'SQLite' ? 'sqlite' : 'pg'];
  // The tallies' answer must be the plain query's, at this size too.
  const want = ((await raw(before.top)) as Array<{ order_id: number | string; c: number | string }>).map((r) => `${r.order_id}:${r.c}`).join(' ');
  const got = (await store.dashboardStats(since)).topOrders.map((o) => `${o.id}:${o.calls}`).join(' ');
  if (got !== want) throw new Error(`${dialect}: top orders ${got} differ from the plain query's ${want}`);
  rows.push(row('before: top-10 orders grouped over every link of the month', await timed(() => raw(before.top))));
  rows.push(row('before: orders per status (group by over every order)', await timed(() => raw(before.status))));
  rows.push(row("before: callers' orders (count over every order of the source)", await timed(() => raw(before.unconfirmed))));
  for (const r of rows) console.log(r);
  return rows;
}
