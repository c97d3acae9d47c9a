// Twilio's and OpenAI's credentials, each with one cheap call, and the number's webhooks.
import OpenAI from 'openai';
import type { Env } from '../../config/schema.ts';
import { asTwilioApiError, createTwilioRestClient, describeTwilioError, type TwilioClient } from '../../twilio-rest/client.ts';
import { desiredSettings, findNumber, formatChange, NumberNotFoundError, planChanges } from '../twilio-number.ts';
import { errorText, fail, pass, skip, type CheckResult } from './check.ts';

const CREDS = 'Twilio credentials accepted';
const NUMBER = "Twilio number's webhooks match PUBLIC_BASE_URL";

export async function twilioChecks(env: Env, client?: TwilioClient): Promise<CheckResult[]> {
  const missing = [!env.TWILIO_ACCOUNT_SID && 'TWILIO_ACCOUNT_SID', !env.TWILIO_AUTH_TOKEN && 'TWILIO_AUTH_TOKEN'].filter(Boolean);
  if (missing.length) {
    return [
      fail('twilio-credentials', CREDS, `${missing.join(' and ')} not set`, 'Copy the Account SID and Auth Token from the Twilio console (Account → API keys & tokens) into the environment file.'),
      skip('twilio-number', NUMBER, 'needs the Twilio credentials'),
    ];
  }
  const sid = env.TWILIO_ACCOUNT_SID!;
  const c = client ?? createTwilioRestClient({ accountSid: sid, authToken: env.TWILIO_AUTH_TOKEN!, apiBaseUrl: env.TWILIO_API_BASE_URL });
  try {
    const account = await c.api.v2010.accounts(sid).fetch();
    if (account.status !== 'active') {
      return [
        fail('twilio-credentials', CREDS, `account ${sid} is ${account.status}`, 'Reactivate the account in the Twilio console (billing), or use an active one.'),
        skip('twilio-number', NUMBER, 'the account is not active'),
      ];
    }
  } catch (err) {
    const api = asTwilioApiError(err);
    const fix = api?.status === 401
      ? 'Twilio rejected TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN: copy both again from the same account in the Twilio console (a rotated token invalidates the old one).'
      : `Check that this machine reaches ${env.TWILIO_API_BASE_URL}.`;
    return [fail('twilio-credentials', CREDS, describeTwilioError(err), fix), skip('twilio-number', NUMBER, 'needs the Twilio credentials')];
  }
  const credsOk = pass('twilio-credentials', CREDS, `account ${sid} is active`);
  if (!env.TWILIO_PHONE_NUMBER) {
    return [credsOk, fail('twilio-number', NUMBER, 'TWILIO_PHONE_NUMBER not set', 'Set TWILIO_PHONE_NUMBER to the number callers dial (E.164, e.g. +4930123456), then run npm run twilio:setup.')];
  }
  try {
    const n = await findNumber(c, env.TWILIO_PHONE_NUMBER, sid);
    const changes = planChanges(n, desiredSettings(env.PUBLIC_BASE_URL));
    if (changes.length === 0) return [credsOk, pass('twilio-number', NUMBER, `${n.phoneNumber} → ${n.voiceUrl}`)];
    return [credsOk, fail('twilio-number', NUMBER, `${n.phoneNumber} differs:\n${changes.map(formatChange).join('\n')}`, 'Run npm run twilio:setup (it prints and changes exactly these).')];
  } catch (err) {
    if (err instanceof NumberNotFoundError) return [credsOk, fail('twilio-number', NUMBER, err.message, 'Fix TWILIO_PHONE_NUMBER, then run npm run twilio:setup.')];
    return [credsOk, fail('twilio-number', NUMBER, describeTwilioError(err), `Check that this machine reaches ${env.TWILIO_API_BASE_URL}.`)];
  }
}

/** One cheap call: the realtime model as this key sees it (also proves the model is available). */
export async function openAiCheck(env: Env): Promise<CheckResult> {
  const title = 'OpenAI key accepted';
  if (!env.OPENAI_API_KEY) return skip('openai', title, 'OPENAI_API_KEY not set: the AI assistant and transcription are off');
  const client = new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, maxRetries: 0, timeout: 10_000 });
  try {
    const m = await client.models.retrieve(env.OPENAI_REALTIME_MODEL);
    return pass('openai', title, `model ${m.id} available`);
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 401) return fail('openai', title, `OpenAI rejected OPENAI_API_KEY: ${errorText(err)}`, 'Create a new key at platform.openai.com (API keys) and set OPENAI_API_KEY, or unset it to run without the AI assistant.');
    if (status === 404) {
      return fail('openai', title, `model ${env.OPENAI_REALTIME_MODEL} is not available to this key`, 'Set OPENAI_REALTIME_MODEL to a realtime model your project may use (default gpt-realtime), or enable it for the project.');
    }
    return fail('openai', title, `${env.OPENAI_BASE_URL}: ${errorText(err)}`, 'Check that this machine reaches the OpenAI API (and OPENAI_BASE_URL, if set).');
  }
}
