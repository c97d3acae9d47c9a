import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Twilio's webhook bodies are a few KB; 64 KB is generous and keeps a hostile POST from filling memory. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

/**
 * 413 before the body is read: refused by Content-Length without touching the body, and a chunked
 * one stops reading at the limit (hono's bodyLimit). On Node the server then closes the connection
 * after a short, bounded drain (@hono/node-server: 500 ms or 64 MB), so the client still gets the
 * 413 instead of a reset; on Deno, main.deno.ts drops the connection. Runs before the signature
 * check, which needs the whole body.
 *
 * The Content-Length case is decided here, from the header alone, as hono's bodyLimit decides it:
 * that middleware reads `c.req.raw.body` first, which on Node makes @hono/node-server build a full
 * Web Request and a ReadableStream over the socket for every webhook (issue 14: ~6 % of a webhook's
 * CPU), where the body is then read straight from Node's stream without them.
 */
export function webhookBodyLimit(maxSize = WEBHOOK_BODY_LIMIT): MiddlewareHandler {
  const onError = (c: Context) => c.text(`Payload too large: webhook bodies are limited to ${maxSize} bytes`, 413);
  const streamed = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      return parseInt(length || '0', 10) > maxSize ? onError(c) : next();
    }
    return streamed(c, next);
  };
}
