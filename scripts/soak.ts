// npm run soak -- --calls 10000 --concurrency 200 [--seed N] [--no-write]
// Issue 11's soak (bench/soak/run.ts): prints its account, writes it to bench/SOAK.md, and exits
// non-zero when a goal is missed. Needs nginx and PostgreSQL at 127.0.0.1:5432.
import { parseArgs } from 'node:util';
import { machineLine, writeSection } from '../bench/results-file.ts';
import { missedGoals, soakMarkdown } from '../bench/soak/report.ts';
import { runSoak } from '../bench/soak/run.ts';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '200' }, seed: { type: 'string' }, 'no-write': { type: 'boolean', default: false } },
});
const seed = values.seed ? Number(values.seed) : (Math.random() * 2 ** 31) | 0;
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);
if (!(calls > 0 && concurrency > 0 && Number.isInteger(seed))) {
  console.error('usage: npm run soak -- --calls N --concurrency N [--seed N]');
  process.exit(2);
}
console.log(`[soak] seed ${seed} (replay with --seed ${seed})`);
const r = await runSoak({ calls, concurrency, seed, killAt: [0.4, 0.6], log: (l) => console.log(l) });
const md = soakMarkdown(r, machineLine());
console.log(`\n${md}\n`);
if (!values['no-write']) writeSection('soak', md, new URL('../bench/SOAK.md', import.meta.url).pathname);
const missed = missedGoals(r);
process.exit(missed.length ? 1 : 0);
