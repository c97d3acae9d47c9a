// The one way Liza talks to Twilio's REST API: the `twilio` package's client, pointed at
// TWILIO_API_BASE_URL. twilio:setup and doctor use it; call control and retention reuse it.
// The package costs ~20 MB of a process's memory (axios, jsonwebtoken, every API's classes): the
// servers import this module only when a REST call is due (lazy-client.ts), never at start.
import twilio from 'twilio';

export { asTwilioApiError, describeTwilioError, type TwilioApiError } from './errors.ts';

const { Twilio, RequestClient } = twilio;

export type TwilioClient = InstanceType<typeof Twilio>;
type RequestOptions<T> = Parameters<InstanceType<typeof RequestClient>['request']>[0] & { data?: T };

export interface TwilioRestConfig {
  accountSid: string;
  authToken: string;
  /** TWILIO_API_BASE_URL, e.g. https://api.twilio.com or a local fake; no trailing slash needed. */
  apiBaseUrl: string;
  /** Per-request timeout (default 10 s): an operator's command must not hang on a dead network. */
  timeoutMs?: number;
}

const TWILIO_API_HOST = /^api(\.[a-z0-9-]+){0,2}\.twilio\.com$/;

/**
 * twilio-node builds every URL from a fixed domain (https://api.twilio.com); its `edge` and
 * `region` options only add a location to that host name, and there is no base-URL option.
 * Its documented extension point is a custom `httpClient`: this one rewrites the scheme, host and
 * port of api.twilio.com requests to TWILIO_API_BASE_URL (keeping the path, so a base URL with a
 * path prefix works too) and leaves everything else — auth, retries, parsing — to the package.
 */
export class BaseUrlRequestClient extends RequestClient {
  constructor(
    private readonly base: URL,
    opts: ConstructorParameters<typeof RequestClient>[0] = {},
  ) {
    super(opts);
  }

  override request<T>(opts: RequestOptions<T>) {
    const uri = new URL(opts.uri);
    if (TWILIO_API_HOST.test(uri.hostname)) {
      const target = new URL(this.base.href.replace(/\/+$/, '') + uri.pathname + uri.search);
      return super.request<T>({ ...opts, uri: target.href });
    }
    return super.request<T>(opts);
  }
}

/** A twilio-node client for the account, sending its requests to `apiBaseUrl`. */
export function createTwilioRestClient(cfg: TwilioRestConfig): TwilioClient {
  const base = new URL(cfg.apiBaseUrl);
  const timeout = cfg.timeoutMs ?? 10_000;
  const isDefault = base.origin === 'https://api.twilio.com' && base.pathname.replace(/\/+$/, '') === '';
  return new Twilio(cfg.accountSid, cfg.authToken, {
    timeout,
    ...(isDefault ? {} : { httpClient: new BaseUrlRequestClient(base, { timeout }) }),
  });
}
