// `npm run twilio:setup [-- --dry-run]`: see src/ops/twilio-setup.ts and deploy/README.md.
import { loadDotEnv } from '../src/ops/operator-env.ts';
import { runTwilioSetup } from '../src/ops/twilio-setup.ts';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--dry-run');
if (unknown.length) {
  console.error(`twilio:setup: unknown argument ${unknown.join(' ')}\nUsage: npm run twilio:setup [-- --dry-run]`);
  process.exit(2);
}
loadDotEnv();
process.exitCode = await runTwilioSetup(process.env, {
  dryRun: args.includes('--dry-run'),
  out: (l) => console.log(l),
  err: (l) => console.error(l),
});
