// JSON shapes of the Twilio REST resources the fake serves, as Twilio returns them (snake_case,
// dates in RFC 2822, `uri` and `subresource_uris` relative to the API root):
// https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource
// https://www.twilio.com/docs/voice/api/call-resource · https://www.twilio.com/docs/voice/api/recording
// https://www.twilio.com/docs/iam/api/account
import { randomBytes } from 'node:crypto';

export const API = '/2010-04-01';
export const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');
/** Twilio's date format, e.g. "Tue, 01 Dec 2026 20:54:15 +0000". */
export const rfc2822 = (d = new Date()) => d.toUTCString().replace('GMT', '+0000');

export interface NumberResource {
  sid: string;
  account_sid: string;
  phone_number: string;
  friendly_name: string;
  voice_url: string | null;
  voice_method: string;
  voice_fallback_url: string | null;
  voice_fallback_method: string;
  status_callback: string | null;
  status_callback_method: string;
  voice_application_sid: string | null;
  sms_url: string | null;
  [key: string]: unknown;
}

export function newNumber(accountSid: string, phoneNumber: string, init: Partial<NumberResource> = {}): NumberResource {
  const s = init.sid ?? sid('PN');
  const now = rfc2822();
  return {
    sid: s,
    account_sid: accountSid,
    address_requirements: 'none',
    address_sid: null,
    api_version: '2010-04-01',
    beta: false,
    bundle_sid: null,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    date_created: now,
    date_updated: now,
    emergency_status: 'Inactive',
    friendly_name: phoneNumber,
    identity_sid: null,
    origin: 'twilio',
    phone_number: phoneNumber,
    sms_application_sid: '',
    sms_fallback_method: 'POST',
    sms_fallback_url: '',
    sms_method: 'POST',
    sms_url: '',
    status: 'in-use',
    status_callback: '',
    status_callback_method: 'POST',
    trunk_sid: null,
    uri: `${API}/Accounts/${accountSid}/IncomingPhoneNumbers/${s}.json`,
    voice_application_sid: '',
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: '',
    voice_method: 'POST',
    voice_receive_mode: 'voice',
    voice_url: '',
    subresource_uris: { assigned_add_ons: `${API}/Accounts/${accountSid}/IncomingPhoneNumbers/${s}/AssignedAddOns.json` },
    ...init,
  };
}

/** Form fields of "Update an IncomingPhoneNumber" → resource fields. */
export const NUMBER_FIELDS: Record<string, keyof NumberResource> = {
  FriendlyName: 'friendly_name',
  VoiceUrl: 'voice_url',
  VoiceMethod: 'voice_method',
  VoiceFallbackUrl: 'voice_fallback_url',
  VoiceFallbackMethod: 'voice_fallback_method',
  StatusCallback: 'status_callback',
  StatusCallbackMethod: 'status_callback_method',
  VoiceApplicationSid: 'voice_application_sid',
  SmsUrl: 'sms_url',
};

export function accountResource(accountSid: string, authToken: string) {
  const now = rfc2822();
  return {
    auth_token: authToken,
    date_created: now,
    date_updated: now,
    friendly_name: 'Liza test account',
    owner_account_sid: accountSid,
    sid: accountSid,
    status: 'active',
    type: 'Full',
    uri: `${API}/Accounts/${accountSid}.json`,
    subresource_uris: {
      calls: `${API}/Accounts/${accountSid}/Calls.json`,
      incoming_phone_numbers: `${API}/Accounts/${accountSid}/IncomingPhoneNumbers.json`,
      recordings: `${API}/Accounts/${accountSid}/Recordings.json`,
    },
  };
}

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'canceled' | 'failed' | 'busy' | 'no-answer';

export interface CallResource {
  sid: string;
  account_sid: string;
  to: string;
  from: string;
  status: CallStatus;
  direction: string;
  [key: string]: unknown;
}

export function newCall(accountSid: string, form: Record<string, string>): CallResource {
  const s = sid('CA');
  const now = rfc2822();
  return {
    sid: s,
    account_sid: accountSid,
    annotation: null,
    answered_by: null,
    api_version: '2010-04-01',
    caller_name: null,
    date_created: now,
    date_updated: now,
    direction: 'outbound-api',
    duration: null,
    end_time: null,
    forwarded_from: null,
    from: form.From!,
    from_formatted: form.From!,
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    queue_time: '0',
    start_time: null,
    status: 'queued',
    to: form.To!,
    to_formatted: form.To!,
    trunk_sid: null,
    uri: `${API}/Accounts/${accountSid}/Calls/${s}.json`,
    subresource_uris: { recordings: `${API}/Accounts/${accountSid}/Calls/${s}/Recordings.json` },
  };
}

/** A page of a list resource, in Twilio's paging envelope. */
export function page<T>(key: string, path: string, query: URLSearchParams, items: T[]) {
  const pageSize = Math.min(Number(query.get('PageSize') ?? 50) || 50, 1000);
  const pageNo = Number(query.get('Page') ?? 0) || 0;
  const slice = items.slice(pageNo * pageSize, (pageNo + 1) * pageSize);
  const uri = (p: number) => `${path}?${new URLSearchParams({ ...Object.fromEntries(query), PageSize: String(pageSize), Page: String(p) })}`;
  return {
    [key]: slice,
    start: pageNo * pageSize,
    end: pageNo * pageSize + Math.max(slice.length - 1, 0),
    page: pageNo,
    page_size: pageSize,
    uri: uri(pageNo),
    first_page_uri: uri(0),
    next_page_uri: (pageNo + 1) * pageSize < items.length ? uri(pageNo + 1) : null,
    previous_page_uri: pageNo > 0 ? uri(pageNo - 1) : null,
  };
}
