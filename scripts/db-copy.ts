// `npm run db:copy -- --from ./data/liza.db --to postgres://…`: moves an installation from the
// embedded SQLite database to PostgreSQL. See docs/postgres.md.
import { parseArgs } from 'node:util';
import { copySqliteToPg, TargetNotEmptyError, type TableCount } from '../src/store/pg/copy-from-sqlite.ts';

const USAGE = `Usage: npm run db:copy -- --from ./data/liza.db --to postgres://user@host:5432/liza [--force] [--batch 1000]

Copies every table of a SQLite database into PostgreSQL (migrated first), keeping ids, in one
transaction, then compares row counts per table. Stop Liza while it runs. Refuses a target that
already holds data unless --force is given, which empties the target first.`;

let args;
try {
  args = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      force: { type: 'boolean', default: false },
      batch: { type: 'string', default: '1000' },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const batchSize = Number(args.batch);
if (!args.from || !args.to || !/^postgres(ql)?:\/\//.test(args.to) || !Number.isInteger(batchSize) || batchSize < 1) {
  console.error(USAGE);
  process.exit(2);
}

const out = process.stderr;
const tty = out.isTTY === true;
const redacted = args.to.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
let lastTable = '';
let lastLine = 0;

// A one-line bar is a dozen lines of code; not worth a dependency.
function bar(done: number, total: number, width = 30) {
  const f = total ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(f)}${'-'.repeat(width - f)}] ${total ? Math.floor((done / total) * 100) : 100}%`;
}

function onProgress(p: { table: string; done: number; total: number; allDone: number; allTotal: number }) {
  if (tty) {
    out.write(`\r\x1b[2K${bar(p.allDone, p.allTotal)} ${p.table} ${p.done}/${p.total}`);
    return;
  }
  // Not a terminal (a log, CI): a plain line per table, and one every few seconds on big tables.
  const now = Date.now();
  if (p.table !== lastTable || p.done === p.total || now - lastLine > 2000) {
    out.write(`${p.table}: ${p.done}/${p.total} rows (all tables ${p.allDone}/${p.allTotal})\n`);
    lastTable = p.table;
    lastLine = now;
  }
}

function report(counts: TableCount[]) {
  const w = Math.max(...counts.map((c) => c.table.length));
  console.log(`${'table'.padEnd(w)}  ${'sqlite'.padStart(9)}  ${'postgres'.padStart(9)}`);
  for (const c of counts) {
    console.log(`${c.table.padEnd(w)}  ${String(c.source).padStart(9)}  ${String(c.target).padStart(9)}${c.source === c.target ? '' : '  MISMATCH'}`);
  }
}

out.write(`copying ${args.from} → ${redacted}\n`);
try {
  const counts = await copySqliteToPg({ from: args.from, to: args.to, force: args.force, batchSize, onProgress });
  if (tty) out.write('\n');
  report(counts);
  const bad = counts.filter((c) => c.source !== c.target);
  if (bad.length) {
    console.error(`row counts differ for ${bad.map((c) => c.table).join(', ')}`);
    process.exit(1);
  }
  console.log(`done: ${counts.reduce((n, c) => n + c.target, 0)} rows in ${counts.length} tables, counts match`);
} catch (err) {
  if (tty) out.write('\n');
  console.error(err instanceof TargetNotEmptyError ? `refused: ${err.message}` : `db:copy failed: ${(err as Error).message}`);
  process.exit(1);
}
