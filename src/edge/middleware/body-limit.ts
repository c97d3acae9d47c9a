import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Twilio's webhook bodies are a few KB; 64 KB is generous and keeps a hostile POST from filling memory. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

/**
 * 413 before the body is read: hono's bodyLimit refuses by Content-Length without touching the
 * body, and stops reading a chunked one at the limit. On Node the server then closes the
 * connection after a short, bounded drain (@hono/node-server: 500 ms or 64 MB), so the client
 * still gets the 413 instead of a reset; on Deno, main.deno.ts drops the connection. Runs
 * before the signature check, which needs the whole body.
 */
export function webhookBodyLimit(maxSize = WEBHOOK_BODY_LIMIT): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => c.text(`Payload too large: webhook bodies are limited to ${maxSize} bytes`, 413),
  });
}
