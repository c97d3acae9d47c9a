import { createApp } from '../../src/edge/app.ts';
import { parseConfig, type Config } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/store.ts';
import { signTwilioRequest } from '../../src/telephony/signature.ts';

export const TEST_TOKEN = 'test-auth-token-0123456789';

/** A real edge app on a real SQLite :memory: store with the real migrations. */
export function makeApp(env: Record<string, string> = {}, clock?: () => Date) {
  const config: Config = parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN, ...env });
  const store: Store = createSqliteStore(':memory:');
  const app = createApp({ store, config, logger: silentLogger(), clock });
  return { app, store, config };
}

/** POSTs a form to `path` (with query) signed exactly as Twilio signs it for PUBLIC_BASE_URL. */
export async function signedPost(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  config: Config,
  path: string,
  params: Record<string, string>,
  opts: { signature?: string; headers?: Record<string, string> } = {},
) {
  const url = config.publicBaseUrl + path;
  const signature = opts.signature ?? signTwilioRequest(config.twilio.authToken, url, params);
  const res = await app.request(path, {
    method: 'POST',
    body: new URLSearchParams(params).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature, ...opts.headers },
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}
