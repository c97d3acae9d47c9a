// `npm run gdpr -- export <number> | erase <number> --yes | purge [--dry-run]`: a caller's data
// request and retention from the server's command line, on the database and Twilio account the
// servers use (.env). Everything is audited as `cli:<OS user>`. Only the JSON goes to stdout, so
// `npm run --silent gdpr -- export +49… > out.json` writes a clean file.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseConfig, ConfigError } from '../src/config/index.ts';
import { dataDirFor } from '../src/config/load.ts';
import { devAuthToken } from '../src/config/dev-token.ts';
import { createStore } from '../src/store/index.ts';
import { previewRetention, runRetention } from '../src/privacy/retention.ts';
import { eraseSubject, exportDocument, findSubject, parseSubjectNumber, subjectCounts } from '../src/privacy/subject.ts';
import { createRecordingDeleter } from '../src/privacy/twilio-recordings.ts';
import { cliActor } from './operator.ts';

const USAGE = `Usage: npm run gdpr -- <command>

  export NUMBER        everything linked to NUMBER as JSON on stdout:
                         npm run --silent gdpr -- export +4915112345678 > out.json
  erase NUMBER --yes   erase it now (also the recordings at Twilio); without --yes shows what would go
  purge [--dry-run]    run retention now (RETENTION_DAYS); --dry-run only counts

NUMBER in any format (+49 151 12345678, 0151 12345678 for German numbers).`;

class Failure extends Error {}

const counts = (c: Record<string, number>) => Object.entries(c).map(([k, v]) => `${k}: ${v}`).join(', ');

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { yes: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const [command, numberArg, ...extra] = parsed.positionals;
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const needsNumber = command === 'export' || command === 'erase';
if (!command || extra.length || (needsNumber ? !numberArg : numberArg !== undefined) || !['export', 'erase', 'purge'].includes(command)) {
  console.error(USAGE);
  process.exit(2);
}

if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
let config;
try {
  // Any note about a development token goes to stderr: stdout is the export.
  config = parseConfig(process.env, () => devAuthToken(dataDirFor(process.env), (_t, path) => console.error(`gdpr: no TWILIO_AUTH_TOKEN set; using the development token in ${path}`)));
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`gdpr: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

const store = await createStore(config.databaseUrl);
const deps = { store, deleteRecording: createRecordingDeleter(config.twilio) };
const actor = cliActor();
let code = 0;
try {
  if (command === 'purge') {
    if (parsed.values['dry-run']) {
      console.error(`Would erase (older than ${config.retentionDays} days): ${counts(await previewRetention(deps, config.retentionDays))}`);
    } else {
      const done = await runRetention(deps, { retentionDays: config.retentionDays, actor });
      console.error(`Erased (older than ${config.retentionDays} days): ${Object.keys(done).length ? counts(done) : 'nothing was due'}`);
    }
  } else {
    const number = parseSubjectNumber(numberArg!);
    if (!number) throw new Failure(`"${numberArg}" is not a phone number`);
    const subject = await findSubject(store, number);
    const found = subjectCounts(subject);
    if (command === 'export') {
      process.stdout.write(JSON.stringify(exportDocument(subject, config.publicBaseUrl, new Date()), null, 2) + '\n');
      await store.auditPrivacy({ actor, field: 'export', masked: number.masked, counts: found, at: new Date() });
      console.error(`Exported ${number.masked}: ${counts(found)}`);
    } else if (!parsed.values.yes) {
      console.error(`Would erase ${number.masked}: ${counts(found)}\nRun again with --yes to erase it (also the recordings at Twilio).`);
      code = 1;
    } else {
      const done = await eraseSubject(deps, subject, actor);
      console.error(`Erased ${number.masked}: ${counts(done)}`);
    }
  }
} catch (err) {
  console.error(`gdpr: ${err instanceof Failure ? err.message : (err as Error).message}`);
  code = 1;
} finally {
  await store.close();
}
process.exit(code);
