import type { MiddlewareHandler } from 'hono';
import { isValidTwilioSignature, parseForm } from '../../telephony/signature.ts';
import type { AppDeps, AppEnv } from '../types.ts';

/**
 * Rejects any webhook without a valid X-Twilio-Signature with 403, before anything is written.
 * The URL is rebuilt from PUBLIC_BASE_URL, never from Host or X-Forwarded-Host, which a client
 * controls.
 */
export function twilioSignature({ config, logger }: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const params = parseForm(await c.req.text());
    const { pathname, search } = new URL(c.req.url);
    const url = config.publicBaseUrl + pathname + search;
    if (!isValidTwilioSignature(config.twilio.authToken, c.req.header('x-twilio-signature'), url, params)) {
      logger.warn({ path: pathname, callSid: params.CallSid }, 'rejected webhook with a missing or invalid Twilio signature');
      return c.text('Forbidden: missing or invalid X-Twilio-Signature', 403);
    }
    c.set('twilioParams', params);
    await next();
  };
}
