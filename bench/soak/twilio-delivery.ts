// How Twilio delivers a webhook, as the soak's callers experience it. Modelled on Twilio's
// documented defaults (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides:
// connect timeout 5 s, read timeout 15 s, retry count 1, retry policy "ct" = only a connection
// that could not be made is retried) and on the number's fallback URL
// (https://www.twilio.com/docs/usage/security/availability-reliability#fallback-urls): when the
// call's TwiML cannot be fetched (a 5xx, a timeout, a broken connection) Twilio requests
// VoiceFallbackUrl at once with ErrorCode and ErrorUrl, and the call goes on with its answer.
// Status and recording callbacks have no fallback: a failed one is logged by Twilio and lost.
import { signTwilioRequest } from '../../src/telephony/signature.ts';

export interface DeliveryStats {
  /** Webhook requests that reached the server and were answered (any status), with their latency in ms. */
  latencies: number[];
  statuses: Map<number, number>;
  /** 5xx answers, by path. */
  fiveXx: Map<string, number>;
  /** Connections that failed before an answer (refused, reset): retried once, as rp=ct does. */
  connectionErrors: number;
  retries: number;
  /** Requests that got no answer within Twilio's 15 s read timeout. */
  timeouts: number;
  /** Call-flow requests that failed and went to the fallback URL. */
  fallbacks: number;
  /** Status and recording callbacks that failed: Twilio does not send them again. */
  callbacksLost: Array<{ path: string; params: Record<string, string> }>;
}

export const newDeliveryStats = (): DeliveryStats => ({ latencies: [], statuses: new Map(), fiveXx: new Map(), connectionErrors: 0, retries: 0, timeouts: 0, fallbacks: 0, callbacksLost: [] });

const CALLBACKS = new Set(['/webhook/status', '/webhook/recording']);
const READ_TIMEOUT_MS = 15_000;
const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

/** Twilio's delivery (retry on a failed connection, fallback URL, lost callbacks) around a plain fetch. */
export function twilioDelivery(
  f: typeof fetch,
  o: { publicBaseUrl: string; authToken: string; stats: DeliveryStats; /** Every request Liza itself answered (not the fallback). */ onAnswer?: (path: string, params: Record<string, string>, status: number) => void },
): typeof fetch {
  const { stats } = o;
  /** One request with Twilio's read timeout; null when no answer came. */
  async function attempt(url: string, init: RequestInit, retriesLeft: number): Promise<Response | null> {
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), READ_TIMEOUT_MS)));
    try {
      const res = await Promise.race([f(url, { ...init, signal: undefined }), timedOut]);
      if (res === 'timeout') {
        stats.timeouts++;
        return null;
      }
      const body = await res.text();
      stats.latencies.push(performance.now() - t0);
      bump(stats.statuses, res.status);
      if (res.status >= 500) bump(stats.fiveXx, new URL(url).pathname);
      return new Response(body, { status: res.status, headers: res.headers });
    } catch {
      stats.connectionErrors++;
      if (retriesLeft <= 0) return null;
      stats.retries++;
      return attempt(url, init, retriesLeft - 1);
    } finally {
      clearTimeout(timer);
    }
  }

  return (async (url: string, init: RequestInit) => {
    const res = await attempt(url, init, 1);
    const path = new URL(url).pathname;
    const params = Object.fromEntries(new URLSearchParams(String(init.body)));
    if (res) o.onAnswer?.(path, params, res.status);
    if (res && res.status < 400) return res;
    if (CALLBACKS.has(path)) {
      stats.callbacksLost.push({ path, params });
      return new Response('', { status: 200 });
    }
    // 11200: "HTTP retrieval failure", what Twilio reports for a 5xx or no answer.
    stats.fallbacks++;
    const fallbackUrl = `${o.publicBaseUrl}/webhook/fallback`;
    const fb = { ...params, ErrorCode: '11200', ErrorUrl: url };
    const headers = { ...(init.headers as Record<string, string>), 'X-Twilio-Signature': signTwilioRequest(o.authToken, fallbackUrl, fb) };
    const answer = await attempt(fallbackUrl, { ...init, headers, body: new URLSearchParams(fb).toString() }, 1);
    // Neither answered: Twilio plays its own "application error" and hangs up.
    return answer && answer.status < 400 ? answer : new Response('<Response><Say>An application error has occurred.</Say><Hangup/></Response>', { status: 200 });
  }) as typeof fetch;
}
