// Placing and steering calls through Twilio's REST API with the `twilio` package
// (calls.create, calls(sid).update). twilio-rest/client.ts points the package at
// TWILIO_API_BASE_URL through its custom httpClient hook (the package has no base-URL option).
import type { Config } from '../../config/index.ts';
import type { TwilioClient } from '../../twilio-rest/client.ts';

/** Why call control is off, naming what to set; null when it is on. */
export function callControlOff(config: Config): string[] | null {
  const missing = [
    !config.twilio.accountSid && 'TWILIO_ACCOUNT_SID',
    !config.twilio.tokenConfigured && 'TWILIO_AUTH_TOKEN',
    !config.twilio.phoneNumber && 'TWILIO_PHONE_NUMBER',
  ].filter((v): v is string => !!v);
  return missing.length ? missing : null;
}

export type RestOutcome<T> = { ok: true; value: T } | { ok: false; status: number | null; code: number | null; message: string };

export interface PlaceCall {
  to: string;
  from: string;
  url: string;
  statusCallback: string;
}

export interface TwilioCalls {
  create(c: PlaceCall): Promise<RestOutcome<{ sid: string }>>;
  /** New TwiML for a live call, or `completed` to end it. */
  update(sid: string, u: { twiml: string } | { status: 'completed' }): Promise<RestOutcome<{ status: string }>>;
}

/** Twilio's call progress events, so the timeline has every step and the end sets the duration. */
const EVENTS = ['initiated', 'ringing', 'answered', 'completed'];

export function createTwilioCalls(config: Config): TwilioCalls {
  // Loaded on first use: an edge without call control never loads the full REST package.
  let client: Promise<TwilioClient> | null = null;
  const rest = () =>
    (client ??= import('../../twilio-rest/client.ts').then((m) =>
      m.createTwilioRestClient({ accountSid: config.twilio.accountSid!, authToken: config.twilio.authToken, apiBaseUrl: config.twilio.apiBaseUrl })));
  const failed = async (err: unknown): Promise<RestOutcome<never>> => {
    const { asTwilioApiError, describeTwilioError } = await import('../../twilio-rest/client.ts');
    const api = asTwilioApiError(err);
    return api ? { ok: false, status: api.status, code: api.code, message: api.message } : { ok: false, status: null, code: null, message: describeTwilioError(err) };
  };
  return {
    async create(c) {
      try {
        const call = await (await rest()).calls.create({
          to: c.to,
          from: c.from,
          url: c.url,
          method: 'POST',
          statusCallback: c.statusCallback,
          statusCallbackMethod: 'POST',
          statusCallbackEvent: EVENTS,
          // Synchronous detection that waits for a machine's greeting to end, so Twilio requests
          // `url` with AnsweredBy (machine_end_*: a message left after the beep is heard whole).
          // https://www.twilio.com/docs/voice/answering-machine-detection#machinedetection
          machineDetection: 'DetectMessageEnd',
        });
        return { ok: true, value: { sid: call.sid } };
      } catch (err) {
        return failed(err);
      }
    },
    async update(sid, u) {
      try {
        const call = await (await rest()).calls(sid).update(u);
        return { ok: true, value: { status: call.status } };
      } catch (err) {
        return failed(err);
      }
    },
  };
}
