// `npm run call -- --from +4915112345678`: a simulated phone call in the terminal against a
// running edge. Prints what Liza says, reads key presses, signs every webhook like Twilio.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { dataDirFor } from '../src/config/load.ts';
import { DEV_TOKEN_FILE } from '../src/config/dev-token.ts';
import { placeCall, type CallerIO } from '../src/sim/call.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '+4915112345678' },
    to: { type: 'string', default: '+4930123456789' },
    url: { type: 'string' },
    answer: { type: 'boolean', default: false },
    machine: { type: 'boolean', default: false },
    port: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run call -- [--from +4915112345678] [--to +4930…] [--url http://127.0.0.1:3000]

Places a simulated call against a running edge (npm start). Type the keys you would press and
Enter: digits, * and #. A bare Enter means "pressed nothing" (the Gather times out).
Ctrl-C hangs up: Liza gets Twilio's "completed" status callback, as for a real hang-up.
Signs with TWILIO_AUTH_TOKEN, or the development token the edge saved under ./data/.

       npm run call -- --answer [--machine] [--port 3002]

Runs a local stand-in for Twilio's REST API instead. Start the edge with
TWILIO_API_BASE_URL=http://127.0.0.1:3002 (and TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN,
TWILIO_PHONE_NUMBER set, the same in both); a callback placed in the staff pages then rings here
and you answer it as the customer, or --machine answers it as an answering machine.`);
  process.exit(0);
}

if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
const env = process.env;
const publicBaseUrl = env.PUBLIC_BASE_URL || 'http://localhost:3000';
const targetUrl = values.url ?? `http://${env.HOST || '127.0.0.1'}:${env.PORT || 3000}`;
const tokenFile = join(dataDirFor(env), DEV_TOKEN_FILE);
const authToken = env.TWILIO_AUTH_TOKEN || (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '');
if (!authToken) {
  console.error(`No TWILIO_AUTH_TOKEN and no development token at ${tokenFile}. Start Liza first (npm start), then call.`);
  process.exit(1);
}

const answerMode = values.answer || values.machine;
const rl = createInterface({ input: process.stdin, terminal: false });
const lines = rl[Symbol.asyncIterator]();
/** One line of input; works for a terminal and for piped keys. End of input = pressing nothing. */
async function ask(prompt: string): Promise<string> {
  process.stdout.write(prompt);
  const next = await lines.next();
  const line = next.done ? '' : String(next.value).trim();
  if (!process.stdin.isTTY) process.stdout.write(line + '\n');
  return line;
}
const io: CallerIO = {
  say: (text, lang) => console.log(`\x1b[36mLiza [${lang ?? '?'}]\x1b[0m ${text}`),
  keys: (g) => {
    const hint = g.numDigits === 1 ? 'one key' : `digits${g.finishOnKey ? `, end with ${g.finishOnKey}` : ''}`;
    return ask(`\x1b[33mYou (${hint}; Enter = nothing)>\x1b[0m `);
  },
  dialAnswered: async (n) => /^y/i.test(await ask(`Does the staff member at ${n} answer? [y/N] `)),
  note: (m) => console.log(`\x1b[2m${m}\x1b[0m`),
};

// Ctrl-C is the caller putting the phone down: the call ends and Liza hears about it, as from Twilio.
const hangUp = new AbortController();
process.on('SIGINT', () => {
  if (!hangUp.signal.aborted) console.log('\n[you hung up]');
  hangUp.abort();
});
const ENDED = { hangup: 'Liza hung up', end_of_document: 'end of instructions', caller_hangup: 'you hung up' } as const;

if (answerMode) {
  const { startRestStandIn } = await import('../src/sim/rest-stand-in.ts');
  const fromEnv = /^http:\/\/(127\.0\.0\.1|localhost):(\d+)/.exec(env.TWILIO_API_BASE_URL ?? '');
  const port = Number(values.port ?? fromEnv?.[2] ?? 3002);
  const standIn = await startRestStandIn({
    accountSid: env.TWILIO_ACCOUNT_SID || null, authToken, targetUrl, publicBaseUrl, answer: values.machine ? 'machine' : 'human', port, io,
  });
  console.log(`Twilio REST stand-in listening on ${standIn.baseUrl}; start the edge with TWILIO_API_BASE_URL=${standIn.baseUrl}.`);
  console.log(`Waiting for callbacks (answered ${values.machine ? 'by an answering machine' : 'by you'}); Ctrl-C ends.`);
  process.on('SIGINT', () => void standIn.close().then(() => process.exit(0)));
  process.on('SIGTERM', () => void standIn.close().then(() => process.exit(0)));
} else {
  console.log(`Calling Liza at ${targetUrl} (public URL ${publicBaseUrl}) from ${values.from}…\n`);
  try {
    const result = await placeCall({ targetUrl, publicBaseUrl, authToken, from: values.from!, to: values.to, signal: hangUp.signal }, io);
    console.log(`\nCall ${result.callSid} ended (${ENDED[result.ended]}), ${result.requests.length} webhooks.`);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    console.error(`\nThe call failed: ${msg}`);
    if (/ECONNREFUSED|fetch failed/.test(msg)) console.error(`Is Liza running at ${targetUrl}? Start it with npm start.`);
    process.exitCode = 1;
  } finally {
    rl.close();
  }
}
