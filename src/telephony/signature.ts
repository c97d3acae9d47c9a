// twilio's own validator: it accepts the URL with and without the default port (:443/:80),
// which is how Twilio signs depending on the number's configuration.
import webhooks from 'twilio/lib/webhooks/webhooks.js';

/**
 * Checks `X-Twilio-Signature` over the public URL Twilio called and the form parameters.
 * https://www.twilio.com/docs/usage/security#validating-requests
 */
export function isValidTwilioSignature(authToken: string, signature: string | undefined, url: string, params: Record<string, string>): boolean {
  if (!signature) return false;
  return webhooks.validateRequest(authToken, signature, url, params);
}

/** The signature Twilio would send for this URL and form (the simulator and tests sign with it). */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  return webhooks.getExpectedTwilioSignature(authToken, url, params);
}

/**
 * A form body → the flat map Twilio signs. Repeated keys keep the last value, as Twilio never repeats them.
 * The map has no prototype: a field may be called `__proto__` or `constructor`, and on a plain object
 * the first would set the prototype instead (dropping out of the signed set) and the second would read
 * as Object's constructor when absent.
 */
export function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}
