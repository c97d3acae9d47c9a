// `npm run twilio:setup [-- --dry-run]`: points TWILIO_PHONE_NUMBER at this deployment through
// Twilio's REST API, changing only what differs, and saying what it changes (old → new).
import { createTwilioRestClient, describeTwilioError, type TwilioClient } from '../twilio-rest/client.ts';
import { PUBLIC_BASE_EXAMPLE, parseOperatorEnv } from './operator-env.ts';
import { checkPublicUrl } from './public-url.ts';
import { applyChanges, desiredSettings, findNumber, formatChange, NumberNotFoundError, planChanges } from './twilio-number.ts';

export interface SetupOptions {
  dryRun: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Tests may pass a client; the command builds one from the environment. */
  client?: TwilioClient;
}

/** Returns the exit code: 0 done or nothing to do, 1 a problem (printed with its fix). */
export async function runTwilioSetup(raw: Record<string, string | undefined>, o: SetupOptions): Promise<number> {
  const parsed = parseOperatorEnv(raw);
  if (!parsed.ok) {
    o.err(`Invalid configuration:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  const env = parsed.env;
  const problems: string[] = [];
  if (!env.TWILIO_ACCOUNT_SID) problems.push('TWILIO_ACCOUNT_SID is not set: copy the Account SID from the Twilio console (Account → API keys & tokens).');
  if (!env.TWILIO_AUTH_TOKEN) problems.push('TWILIO_AUTH_TOKEN is not set: copy the Auth Token from the Twilio console, next to the Account SID.');
  if (!env.TWILIO_PHONE_NUMBER) problems.push('TWILIO_PHONE_NUMBER is not set: set it to the number callers dial, in E.164 form (e.g. +4930123456).');
  const urlProblem = checkPublicUrl('PUBLIC_BASE_URL', raw.PUBLIC_BASE_URL || env.PUBLIC_BASE_URL, 'https:', PUBLIC_BASE_EXAMPLE);
  if (urlProblem) problems.push(urlProblem);
  if (problems.length) {
    o.err(`Cannot set up the Twilio number:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  const accountSid = env.TWILIO_ACCOUNT_SID!;
  const phoneNumber = env.TWILIO_PHONE_NUMBER!;
  const base = env.PUBLIC_BASE_URL.replace(/\/+$/, '');
  const client = o.client ?? createTwilioRestClient({ accountSid, authToken: env.TWILIO_AUTH_TOKEN!, apiBaseUrl: env.TWILIO_API_BASE_URL });

  try {
    const number = await findNumber(client, phoneNumber, accountSid);
    const changes = planChanges(number, desiredSettings(base));
    if (changes.length === 0) {
      o.out(`Twilio number ${phoneNumber} (${number.sid}) already points at ${base}: nothing to change.`);
      return 0;
    }
    o.out(`Twilio number ${phoneNumber} (${number.sid}), account ${accountSid}:`);
    for (const c of changes) o.out(formatChange(c));
    if (o.dryRun) {
      o.out(`Dry run: ${changes.length} setting(s) would change; nothing was changed. Run without --dry-run to apply.`);
      return 0;
    }
    const now = await applyChanges(client, number, changes);
    const left = planChanges(now, desiredSettings(base));
    if (left.length) {
      o.err(`Twilio accepted the update but still reports:\n${left.map(formatChange).join('\n')}\nCheck the number in the Twilio console.`);
      return 1;
    }
    o.out(`Updated ${changes.length} setting(s). Now call ${phoneNumber}: you should hear Liza's greeting.`);
    return 0;
  } catch (err) {
    if (err instanceof NumberNotFoundError) {
      o.err(err.message);
      return 1;
    }
    o.err(`Twilio's REST API (${env.TWILIO_API_BASE_URL}) refused: ${describeTwilioError(err)}.${restHint(err)}`);
    return 1;
  }
}

/** The fix for the errors an operator meets most. */
export function restHint(err: unknown): string {
  const e = err as { status?: number; code?: string };
  if (e?.status === 401) return ' Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: both from the same account in the Twilio console.';
  if (e?.status === 403) return ' The credentials may not change this number: use the main account\'s SID and token.';
  if (typeof e?.code === 'string' && /^E|ECONN|ETIMEDOUT|ENOTFOUND/.test(e.code)) {
    return ' Check that this machine reaches the Internet (and TWILIO_API_BASE_URL, if set).';
  }
  return '';
}
