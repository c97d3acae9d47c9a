// `npm run doctor [-- --edge URL --worker URL --json]`: see src/ops/doctor/run.ts and deploy/README.md.
import { parseArgs } from 'node:util';
import { exitCodeFor, formatChecklist, runChecks } from '../src/ops/doctor/run.ts';
import { loadDotEnv } from '../src/ops/operator-env.ts';

let flags: { edge?: string; worker?: string; json?: boolean };
try {
  flags = parseArgs({ options: { edge: { type: 'string' }, worker: { type: 'string' }, json: { type: 'boolean' } } }).values;
} catch (err) {
  console.error(`doctor: ${(err as Error).message}\nUsage: npm run doctor [-- --edge http://127.0.0.1:3000 --worker http://127.0.0.1:3001] [-- --json]`);
  process.exit(2);
}
loadDotEnv();
const results = await runChecks(process.env, { edgeUrl: flags.edge, workerUrl: flags.worker });
// --json: the same results for monitoring scripts, one object per check.
console.log(flags.json ? JSON.stringify(results, null, 2) : formatChecklist(results));
process.exitCode = exitCodeFor(results);
