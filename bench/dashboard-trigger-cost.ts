// `npx tsx bench/dashboard-trigger-cost.ts`: what the order tallies' triggers (drizzle/sqlite 0012)
// add to a webhook turn on SQLite. Two stores side by side, one with those triggers dropped; each
// round runs the same turns on both, alternating which goes first, and compares CPU time
// (process.cpuUsage, user + system) per turn: a new call whose caller saves a new order (the most
// a turn can add: one order row and one link, so one upsert into each tally) and a turn that
// saves a known order (one link). Medians of the rounds; the machine is shared, so the ratio
// from the same round is what to read.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../src/store/sqlite/db.ts';
import { createSqliteStore } from '../src/store/sqlite/index.ts';
import type { TurnWrite } from '../src/store/store.ts';
import { machineLine, writeSection } from './results-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'liza-trigger-cost-'));
const paths = { with: join(dir, 'with.db'), without: join(dir, 'without.db') };
const stores = { with: createSqliteStore(paths.with), without: createSqliteStore(paths.without) };
await stores.with.getStaffUserByName('x');
await stores.without.getStaffUserByName('x');
const off = openSqlite(paths.without).raw;
for (const t of ['dashboard_order_days_ai', 'dashboard_order_days_au', 'dashboard_order_days_ad', 'dashboard_orders_ai', 'dashboard_orders_au', 'dashboard_orders_ad']) off.exec(`drop trigger ${t}`);
off.close();

const T0 = Date.now() - 86_400_000;
const turn = (sid: string, seq: number, at: number, extra: Partial<TurnWrite> = {}): TurnWrite => ({
  call: { callSid: sid, fromMasked: '+49151****78', toNumber: '+4930123456', language: 'de-DE', at: new Date(at) },
  event: { key: `ivr:${seq}`, kind: 'ivr', step: `step${seq}`, digits: String(seq), text: null, detail: { said: ['p'] }, at: new Date(at) },
  ...extra,
});
const N = 500;
let next = 0;
async function round(kind: 'with' | 'without', base: number): Promise<number> {
  const s = stores[kind];
  const u0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const sid = `CA${base + i}`;
    const at = T0 + (base + i) * 1000;
    // A new call saving a new order, then another call saving the same order again.
    await s.applyTurn(turn(sid, 1, at, { saveOrder: { number: String(1_000_000 + base + i) } }));
    await s.applyTurn(turn(`${sid}b`, 1, at, { saveOrder: { number: String(1_000_000 + base + i) } }));
  }
  const u = process.cpuUsage(u0);
  return (u.user + u.system) / (2 * N);
}
const perTurn = { with: [] as number[], without: [] as number[] };
const ratios: number[] = [];
for (let r = 0; r < 9; r++) {
  const base = (next += N);
  const order: Array<'with' | 'without'> = r % 2 ? ['with', 'without'] : ['without', 'with'];
  const got: Record<string, number> = {};
  for (const k of order) got[k] = await round(k, base);
  if (r === 0) continue; // warm-up
  perTurn.with.push(got.with!);
  perTurn.without.push(got.without!);
  ratios.push(got.with! / got.without!);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const line = `CPU per turn (µs, median of 8 rounds of ${2 * N} turns): with the order tallies' triggers ${med(perTurn.with).toFixed(1)}, without ${med(perTurn.without).toFixed(1)}; with/without ${med(ratios).toFixed(3)} (per-round ratios ${ratios.map((x) => x.toFixed(2)).join(', ')}).`;
console.log(line);
writeSection('dashboard-triggers', `
## What the dashboard's order tallies cost a webhook turn (SQLite)

\`npx tsx bench/dashboard-trigger-cost.ts\` · ${machineLine()} · load average ${loadavg().map((l) => l.toFixed(1)).join(', ')}

Two stores side by side, one with the order tallies' six triggers (drizzle/sqlite 0012) dropped; each round the same
turns on both, alternating which runs first. Half the turns are a new call saving a new order (one order row and one
link: one upsert into each tally), half a new call saving that order again (one link, one upsert). CPU time
(process.cpuUsage) per turn, through \`store.applyTurn\`, no HTTP.

${line}
`);
await stores.with.close();
await stores.without.close();
