import { signTwilioRequest } from '../../src/telephony/signature.ts';

/** A Twilio webhook over real HTTP to a running edge, signed for `url` as Twilio signs it. */
export function postSignedForm(url: string, params: Record<string, string>, authToken: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signTwilioRequest(authToken, url, params) },
    body: new URLSearchParams(params).toString(),
  });
}
