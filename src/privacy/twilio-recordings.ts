// Deleting a caller's recordings where they really are: at Twilio.
// https://www.twilio.com/docs/voice/api/recording#delete-a-recording-resource
import { asTwilioApiError } from '../twilio-rest/errors.ts';
import { lazyTwilioRestClient } from '../twilio-rest/lazy-client.ts';

/** Deletes one recording at Twilio; resolves once it is gone (already gone counts: 404). */
export type RecordingDeleter = (recordingSid: string) => Promise<void>;

export interface TwilioRecordingsConfig {
  accountSid: string | null;
  authToken: string;
  apiBaseUrl: string;
}

export function createRecordingDeleter(cfg: TwilioRecordingsConfig): RecordingDeleter {
  if (!cfg.accountSid) {
    // Without the account the recordings cannot be deleted; erasing our side alone would hide that they still exist.
    return async () => {
      throw new Error('TWILIO_ACCOUNT_SID is not set: recordings cannot be deleted at Twilio, so nothing was erased');
    };
  }
  // Both servers hold a deleter from start; the REST package loads at the first deletion.
  const client = lazyTwilioRestClient({ accountSid: cfg.accountSid, authToken: cfg.authToken, apiBaseUrl: cfg.apiBaseUrl });
  return async (sid) => {
    try {
      await (await client()).recordings(sid).remove();
    } catch (err) {
      // 404 (error 20404): deleted before, by us on an earlier try or in Twilio's console. Done either way.
      if (asTwilioApiError(err)?.status === 404) return;
      throw err;
    }
  };
}
