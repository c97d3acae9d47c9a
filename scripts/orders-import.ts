// `npm run orders:import -- orders.csv [--skip-invalid] [--dry-run]`: the shop's orders from a CSV
// file (columns number,status[,phones,name,note]; UTF-8; `;` or `,`), for teams without an
// integration and for files too large for the orders page. Every line is checked first: with
// errors nothing is imported (unless --skip-invalid). Then the orders are applied in transactions
// of CHUNK, so the servers keep answering calls meanwhile, with a progress bar on a terminal.
import cliProgress from 'cli-progress';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDatabaseUrlOrExit } from '../src/config/load.ts';
import { decodeUtf8 } from '../src/orders/batch.ts';
import { parseOrdersCsv } from '../src/orders/csv.ts';
import { countResults, type UpsertCounts } from '../src/orders/plan.ts';
import { createStore } from '../src/store/index.ts';
import type { UpsertOutcome } from '../src/store/store.ts';
import { cliActor, userPath } from './operator.ts';

const USAGE = `Usage: npm run orders:import -- FILE.csv [--skip-invalid] [--dry-run]

Imports the shop's orders: one per line, number;status[;phones;name;note] (or with ","), UTF-8,
with or without a header line. Statuses: received, processing, shipped, delivered, cancelled.
Several phone numbers in one cell are separated by "|". An empty cell leaves what is stored.
  --skip-invalid  import the readable lines even when others have errors
  --dry-run       show what would change, change nothing`;

/** Orders per transaction: small enough that a call's webhook never waits long for the database. */
const CHUNK = 1000;
/** Errors printed; the count says how many there were. */
const ERRORS_SHOWN = 50;
/** From this many orders a progress bar (on a terminal) or progress lines (in a log) are shown. */
const PROGRESS_FROM = 2 * CHUNK;

let args;
try {
  args = parseArgs({ allowPositionals: true, options: { 'skip-invalid': { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.positionals.length !== 1) {
  console.error(USAGE);
  process.exit(2);
}
const path = userPath(args.positionals[0]!);
const fail = (msg: string): never => {
  console.error(`orders:import: ${msg}`);
  process.exit(1);
};

let bytes: Uint8Array;
try {
  bytes = readFileSync(path);
} catch (err) {
  fail(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
}
const text = decodeUtf8(bytes!);
if (!text.ok) fail(text.reason);
const batch = parseOrdersCsv(text.ok ? text.value : '', { maxRows: Infinity });
const fmt = (n: number) => n.toLocaleString('en');

if (batch.errors.length) {
  for (const e of batch.errors.slice(0, ERRORS_SHOWN)) console.error(`  ${e.line > 0 ? `line ${e.line}` : 'file'}: ${e.reason}`);
  if (batch.errors.length > ERRORS_SHOWN) console.error(`  … and ${fmt(batch.errors.length - ERRORS_SHOWN)} more`);
  const n = `${fmt(batch.errors.length)} line${batch.errors.length === 1 ? '' : 's'}`;
  if (!args.values['skip-invalid'] || batch.rows.length === 0) {
    fail(`${n} of ${basename(path)} could not be read; nothing was imported. Fix ${batch.errors.length === 1 ? 'it' : 'them'}${batch.rows.length ? ', or run again with --skip-invalid to import the other lines' : ''}.`);
  }
  console.error(`Skipping ${n} with errors (--skip-invalid).`);
}

const inputs = batch.rows.map((r) => r.input);
const store = await createStore(loadDatabaseUrlOrExit('orders:import'));
const actor = cliActor();
const tty = process.stderr.isTTY === true;
const bar = inputs.length >= PROGRESS_FROM && tty
  ? new cliProgress.SingleBar({ format: 'Importing |{bar}| {percentage}% · {value}/{total} orders', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
  : null;
bar?.start(inputs.length, 0);
const outcomes: UpsertOutcome[] = [];
try {
  for (let i = 0; i < inputs.length; i += CHUNK) {
    const part = inputs.slice(i, i + CHUNK);
    outcomes.push(...(args.values['dry-run'] ? await store.previewOrders(part) : await store.upsertOrders(part, actor, new Date())));
    if (bar) bar.update(outcomes.length);
    else if (inputs.length >= PROGRESS_FROM) console.error(`  ${fmt(outcomes.length)} of ${fmt(inputs.length)} orders (${Math.floor((100 * outcomes.length) / inputs.length)}%)`);
  }
} catch (err) {
  bar?.stop();
  await store.close();
  fail(`stopped after ${fmt(outcomes.length)} of ${fmt(inputs.length)} orders: ${(err as Error).message}. Running the same command again is safe: orders already imported stay as they are.`);
}
bar?.stop();
await store.close();

const c: UpsertCounts = countResults(outcomes);
const verb = args.values['dry-run'] ? 'Would import' : 'Imported';
console.log(`${verb} ${fmt(outcomes.length)} orders from ${basename(path)}: ${fmt(c.created)} new, ${fmt(c.updated)} changed, ${fmt(c.unchanged)} unchanged, ${fmt(c.stale)} older than stored (skipped).`);
process.exit(0);
