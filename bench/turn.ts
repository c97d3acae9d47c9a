// The store's share of a webhook, alone (`npm run bench:turn`): what /webhook/voice and
// /webhook/order_confirm ask of the store (src/edge/ivr-turn.ts), called directly, no HTTP. Two
// measures: CPU per turn from process.cpuUsage (median of rounds; noisy on a shared machine) and,
// on SQLite, instructions per turn under callgrind, which a busy machine does not change: the same
// script is run under valgrind with 0 and with N measured turns, and the difference divided by N
// (start-up, migrations and warm-up cancel out). `perf stat -e instructions` would be lighter,
// but this machine's virtual CPU does not expose the counter.
// On PostgreSQL the turn's database work runs in the server's processes: the wall time of
// sequential turns (round trips included) is the figure there, beside the client's CPU.
// BENCH_DB=pg for PostgreSQL; BENCH_TURNS (default 2000) measured turns per round.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createStore, type Store } from '../src/store/index.ts';
import { tempDir } from '../test/helpers/spawn-edge.ts';
import { createPgBenchDb } from './webhook-pg.ts';
import { machineLine, writeSection } from './results-file.ts';
import { KINDS, turn, type Kind } from './turn-writes.ts';

const PG = process.env.BENCH_DB === 'pg';
const TURNS = Number(process.env.BENCH_TURNS ?? 2000);
const ROUNDS = 7;
/** Calls already in the database, so indexes are not trivially small. */
const WARM = 3000;
const CHILD = process.argv.indexOf('--child');

/** `count` calls, each with both turns (their voice turn first, untimed when kind is order_confirm). */
async function runTurns(store: Store, kind: Kind, prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const sid = `CA${prefix}${String(i).padStart(8, '0')}`;
    if (kind === 'order_confirm') await turn(store, 'voice', sid);
    await turn(store, kind, sid);
  }
}

interface Opened { store: Store; close: () => Promise<void>; serverTicks: () => number }

async function openStore(): Promise<Opened> {
  if (!PG) return { store: await createStore(join(tempDir('liza-turn-'), 'liza.db')), close: async () => {}, serverTicks: () => 0 };
  const db = await createPgBenchDb();
  const store = await createStore(db.url);
  return { store, close: async () => { await store.close(); await db.drop(); }, serverTicks: db.serverTicks };
}

/** Under callgrind: warm up, then run `n` calls of `kind`; the parent subtracts the n = 0 run. */
async function child(kind: Kind, n: number): Promise<void> {
  const { store } = await openStore();
  await runTurns(store, 'order_confirm', 'w', 100);
  await runTurns(store, kind, 'm', n);
  process.exit(0);
}

function callgrindInstructions(kind: Kind, n: number): number {
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--import', 'tsx', 'bench/turn.ts', '--child', kind, String(n)], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'error' },
  });
  const m = /Collected : (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`callgrind gave no count: ${r.stderr.slice(-500)}`);
  return Number(m[1]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { store, close, serverTicks } = await openStore();
  await runTurns(store, 'order_confirm', 'w', WARM / 2);
  const rows: string[] = [];
  const perTurn: Record<string, { cpu: number; wall: number; db: number }> = {};
  for (const kind of KINDS) {
    const cpu: number[] = [];
    const wall: number[] = [];
    const db: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // order_confirm: the calls' voice turns first, untimed, then their confirmations.
      const sids = Array.from({ length: TURNS }, (_, i) => `CA${kind[0]}${r}x${String(i).padStart(7, '0')}`);
      if (kind === 'order_confirm') for (const sid of sids) await turn(store, 'voice', sid);
      const d0 = serverTicks();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (const sid of sids) await turn(store, kind, sid);
      const t = performance.now() - t0;
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / TURNS);
      wall.push((t * 1000) / TURNS);
      db.push(((serverTicks() - d0) * 10_000) / TURNS); // 100 Hz ticks → µs
    }
    perTurn[kind] = { cpu: median(cpu), wall: median(wall), db: median(db) };
  }
  await close();
  const N = Number(process.env.BENCH_CALLGRIND_TURNS ?? 300);
  for (const kind of KINDS) {
    let instr = '–';
    if (!PG && process.env.BENCH_CALLGRIND !== '0') {
      const base = callgrindInstructions(kind, 0);
      const withN = callgrindInstructions(kind, N);
      instr = String(Math.round((withN - base) / N));
    }
    const t = perTurn[kind]!;
    rows.push(`| \`${kind}\` | ${t.cpu.toFixed(0)} | ${PG ? t.db.toFixed(0) : '–'} | ${t.wall.toFixed(0)} | ${instr} |`);
  }
  const out = [
    `## The store's turn alone (${PG ? 'PostgreSQL 15, same machine' : 'SQLite'})`,
    '',
    `\`${PG ? 'npm run bench:turn:pg' : 'npm run bench:turn'}\` · ${machineLine()} · load average ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`,
    '',
    `What each webhook asks of the store (src/edge/ivr-turn.ts), called directly: \`voice\` = applyTurn creating the call`,
    `and its first event; \`order_confirm\` = getOrderByNumber, then applyTurn with an event, a new order, its audit`,
    `entry and its link. ${WARM} calls before, ${TURNS} turns per round, median of ${ROUNDS} rounds. Instructions: callgrind,`,
    `(run with ${N} calls − run with 0) / ${N}; for \`order_confirm\` that includes each call's voice turn.`,
    '',
    '| turn | CPU µs/turn | database server CPU µs/turn | wall µs/turn | instructions/turn |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(out);
  if (process.env.BENCH_WRITE !== '0') writeSection(PG ? 'turn-pg' : 'turn', out);
}

if (CHILD >= 0) await child(process.argv[CHILD + 1] as Kind, Number(process.argv[CHILD + 2]));
else await main();
