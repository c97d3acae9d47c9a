// What Liza needs of its Twilio number, compared with what the number has: the plan behind
// `npm run twilio:setup` and the number check of `npm run doctor`.
// https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource
import type { TwilioClient } from '../twilio-rest/client.ts';

/** The settings twilio:setup manages, in twilio-node's (camelCase) names. */
export interface NumberSettings {
  voiceUrl: string;
  voiceMethod: string;
  voiceFallbackUrl: string;
  voiceFallbackMethod: string;
  statusCallback: string;
  statusCallbackMethod: string;
  /** A TwiML App on the number makes Twilio ignore voiceUrl, so it must be empty. */
  voiceApplicationSid: string;
}

export interface NumberInfo extends NumberSettings {
  sid: string;
  phoneNumber: string;
}

/** Labels as the Twilio console shows them, for the old → new lines. */
export const SETTING_LABELS: Record<keyof NumberSettings, string> = {
  voiceUrl: 'A call comes in (VoiceUrl)',
  voiceMethod: '  HTTP method (VoiceMethod)',
  voiceFallbackUrl: 'Primary handler fails (VoiceFallbackUrl)',
  voiceFallbackMethod: '  HTTP method (VoiceFallbackMethod)',
  statusCallback: 'Call status changes (StatusCallback)',
  statusCallbackMethod: '  HTTP method (StatusCallbackMethod)',
  voiceApplicationSid: 'TwiML App (VoiceApplicationSid)',
};

/**
 * The number's voice configuration for this deployment. The fallback is answered by nginx
 * itself (nginx/liza.conf, `location = /webhook/fallback`): it still answers with the apology
 * when the edge is down, restarting or failing.
 */
export function desiredSettings(publicBaseUrl: string): NumberSettings {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    voiceUrl: `${base}/webhook/voice`,
    voiceMethod: 'POST',
    voiceFallbackUrl: `${base}/webhook/fallback`,
    voiceFallbackMethod: 'POST',
    statusCallback: `${base}/webhook/status`,
    statusCallbackMethod: 'POST',
    voiceApplicationSid: '',
  };
}

export interface SettingChange {
  key: keyof NumberSettings;
  from: string;
  to: string;
}

/** The settings that differ, in a stable order. Twilio reports unset values as '' or null. */
export function planChanges(current: NumberSettings, desired: NumberSettings): SettingChange[] {
  return (Object.keys(SETTING_LABELS) as Array<keyof NumberSettings>)
    .filter((k) => (current[k] ?? '') !== desired[k])
    .map((k) => ({ key: k, from: current[k] ?? '', to: desired[k] }));
}

export function formatChange(c: SettingChange): string {
  const show = (v: string) => (v === '' ? '(none)' : v);
  return `  ${SETTING_LABELS[c.key].padEnd(42)} ${show(c.from)} → ${show(c.to)}`;
}

export class NumberNotFoundError extends Error {}

/** The account's number with this E.164 value, or NumberNotFoundError with a fix. */
export async function findNumber(client: TwilioClient, phoneNumber: string, accountSid: string): Promise<NumberInfo> {
  const found = await client.incomingPhoneNumbers.list({ phoneNumber, limit: 5 });
  const n = found.find((x) => x.phoneNumber === phoneNumber);
  if (!n) {
    throw new NumberNotFoundError(
      `TWILIO_PHONE_NUMBER=${phoneNumber} is not a number of account ${accountSid}. ` +
        'Set it to one of the account\'s numbers (Twilio console → Phone Numbers → Active numbers), or use the account that owns it.',
    );
  }
  return {
    sid: n.sid,
    phoneNumber: n.phoneNumber,
    voiceUrl: n.voiceUrl ?? '',
    voiceMethod: n.voiceMethod ?? '',
    voiceFallbackUrl: n.voiceFallbackUrl ?? '',
    voiceFallbackMethod: n.voiceFallbackMethod ?? '',
    statusCallback: n.statusCallback ?? '',
    statusCallbackMethod: n.statusCallbackMethod ?? '',
    voiceApplicationSid: n.voiceApplicationSid ?? '',
  };
}

/** Sends only the changed settings; returns the number as Twilio now has it. */
export async function applyChanges(client: TwilioClient, n: NumberInfo, changes: SettingChange[]): Promise<NumberSettings> {
  const update = Object.fromEntries(changes.map((c) => [c.key, c.to]));
  const u = await client.incomingPhoneNumbers(n.sid).update(update);
  return {
    voiceUrl: u.voiceUrl ?? '',
    voiceMethod: u.voiceMethod ?? '',
    voiceFallbackUrl: u.voiceFallbackUrl ?? '',
    voiceFallbackMethod: u.voiceFallbackMethod ?? '',
    statusCallback: u.statusCallback ?? '',
    statusCallbackMethod: u.statusCallbackMethod ?? '',
    voiceApplicationSid: u.voiceApplicationSid ?? '',
  };
}
