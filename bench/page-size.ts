// The SQLite page size against the webhook's turn (`npm run bench:page-size`, issue 14 goal 2).
// Every commit writes each page the turn changed whole to the WAL (a frame: the page and a 24-byte
// header, checksummed), so the page size sets the bytes a turn writes. Per page size, on a fresh
// file: calls at a time, each its `voice` turn (a new call and its first event) then its
// `order_confirm` turn (the order read, then an event, a new order, its audit entry and link), as
// ivr-turn.ts writes them; WAL frames counted from the WAL's length with automatic checkpoints off,
// CPU (user + system, so the kernel's share of the writes counts) per turn, median of the rounds.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { createSqliteStore } from '../src/store/sqlite/index.ts';
import { NEW_FILE_PAGE_SIZE } from '../src/store/sqlite/db.ts';
import type { Store } from '../src/store/store.ts';
import { tempDir } from '../test/helpers/spawn-edge.ts';
import { machineLine, writeSection } from './results-file.ts';
import { turn, type Kind } from './turn-writes.ts';

const SIZES = [4096, 2048, 1024, 512];
const WARM = 3000;
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const ROUNDS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Opened { pageSize: number; store: Store; raw: Database.Database; path: string; cpu: Record<Kind, number[]>; frames: Record<Kind, number> }

async function open(pageSize: number): Promise<Opened> {
  const path = join(tempDir('liza-page-size-'), 'liza.db');
  // The size holds only if set before the first table and WAL mode: an existing file keeps its own, so the store keeps this one.
  const pre = new Database(path);
  pre.pragma(`page_size = ${pageSize}`);
  pre.pragma('journal_mode = WAL');
  pre.close();
  let raw!: Database.Database;
  const store = createSqliteStore(path, { driver: (p) => (raw = new Database(p)) });
  if (raw.pragma('page_size', { simple: true }) !== pageSize) throw new Error(`page size ${pageSize} did not hold`);
  for (let i = 0; i < WARM; i++) (await turn(store, 'voice', `CAw${i}`), await turn(store, 'order_confirm', `CAw${i}`));
  raw.pragma('wal_autocheckpoint = 0');
  return { pageSize, store, raw, path, cpu: { voice: [], order_confirm: [] }, frames: { voice: 0, order_confirm: 0 } };
}

/** One round on one file: CALLS calls' voice turns, then their confirmations. */
async function round(o: Opened, r: number) {
  const frames = () => (statSync(`${o.path}-wal`).size - 32) / (o.pageSize + 24);
  const sids = Array.from({ length: CALLS }, (_, i) => `CA${r}x${i}`);
  for (const kind of ['voice', 'order_confirm'] as const) {
    o.raw.pragma('wal_checkpoint(TRUNCATE)');
    const f0 = Math.max(0, frames());
    const c0 = process.cpuUsage();
    for (const sid of sids) await turn(o.store, kind, sid);
    const c = process.cpuUsage(c0);
    o.cpu[kind].push((c.user + c.system) / CALLS);
    o.frames[kind] = (frames() - f0) / CALLS;
  }
}

// All files open and warm first, then the rounds taken in turn, so a busy moment of the machine falls on every size alike.
const opened: Opened[] = [];
for (const size of SIZES) opened.push(await open(size));
for (let r = 0; r < ROUNDS; r++) for (const o of opened) await round(o, r);
for (const o of opened) await o.store.close();
const results = opened.map((o) => ({
  pageSize: o.pageSize,
  voice: { cpu: median(o.cpu.voice), frames: o.frames.voice },
  confirm: { cpu: median(o.cpu.order_confirm), frames: o.frames.order_confirm },
}));
const base = results[0]!;
const rows = results.map((r) => {
  const kb = (frames: number) => ((frames * (r.pageSize + 24)) / 1024).toFixed(1);
  return `| ${r.pageSize}${r.pageSize === NEW_FILE_PAGE_SIZE ? ' (Liza\'s new files)' : r.pageSize === 4096 ? ' (SQLite\'s default)' : ''} | ${r.voice.frames.toFixed(1)} | ${kb(r.voice.frames)} KiB | ${r.voice.cpu.toFixed(0)} µs (${(r.voice.cpu / base.voice.cpu).toFixed(2)} ×) | ${r.confirm.frames.toFixed(1)} | ${kb(r.confirm.frames)} KiB | ${r.confirm.cpu.toFixed(0)} µs (${(r.confirm.cpu / base.confirm.cpu).toFixed(2)} ×) |`;
});
const out = [
  '## SQLite page size against the webhook\'s turn',
  '',
  `\`npm run bench:page-size\` · ${machineLine()} · load average ${loadavg()[0]!.toFixed(2)}`,
  '',
  `Per page size a fresh file, ${WARM} calls before, then ${CALLS} calls a round (each its \`voice\` turn, then its \`order_confirm\``,
  'turn: the order read first, then the event, a new order, its audit entry and its link), one turn per commit as at a',
  `quiet moment. WAL frames (pages written) per turn from the WAL's length, CPU (user + system) per turn, median of ${ROUNDS} rounds taken in turn.`,
  '',
  '| page size (bytes) | `voice`: frames | written | CPU | `order_confirm`: frames | written | CPU |',
  '|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(out);
if (process.env.BENCH_WRITE !== '0') writeSection('page-size', out);
