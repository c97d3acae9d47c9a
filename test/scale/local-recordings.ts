// Twilio keeps recordings on its own servers; the simulated caller's RecordingUrl points there.
// For the local runs the recording goes to the fake instead (which then holds the audio), and
// the changed callback is signed again as Twilio would sign it.
import { signTwilioRequest } from '../../src/telephony/signature.ts';
import type { FakeRecordings } from '../fakes/fake-twilio-recordings.ts';

export function withLocalRecordings(f: typeof fetch, recordings: FakeRecordings, authToken: string): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    const params = Object.fromEntries(new URLSearchParams(String(init.body)));
    if (!params.RecordingUrl) return f(url, init);
    params.RecordingUrl = params.RecordingUrl.replace('https://api.twilio.com', recordings.baseUrl);
    recordings.put(params.RecordingSid!, Buffer.from(`audio of ${params.RecordingSid}`));
    const headers = { ...(init.headers as Record<string, string>), 'X-Twilio-Signature': signTwilioRequest(authToken, url, params) };
    return f(url, { ...init, headers, body: new URLSearchParams(params).toString() });
  }) as typeof fetch;
}
