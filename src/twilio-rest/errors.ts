// Twilio's REST errors as data. Apart from client.ts so that code which only reports errors
// (the privacy pages) does not load the whole REST package at start: RestException's own module
// has no dependencies, and it is the very class the package throws (one module instance, as
// twilio's index re-exports it from there).
import RestExceptionModule from 'twilio/lib/base/RestException.js';

// The module sets `exports.default` with `__esModule`: Node and Deno hand an ES import the whole
// `exports` (the class is its `.default`), vitest's loader hands the class itself.
const loaded: unknown = RestExceptionModule;
const RestException = (typeof loaded === 'function' ? loaded : RestExceptionModule.default) as typeof RestExceptionModule.default;

/** Twilio's error shape ({code, message, more_info, status}) as twilio-node raises it. */
export interface TwilioApiError {
  status: number;
  code: number | null;
  message: string;
  moreInfo: string | null;
}

/** A RestException as plain data, or null for anything else (network errors, bugs). */
export function asTwilioApiError(err: unknown): TwilioApiError | null {
  if (!(err instanceof RestException)) return null;
  return { status: err.status, code: err.code ?? null, message: err.message, moreInfo: err.moreInfo ?? null };
}

/** One line an operator can act on, for any error a REST call can end with. */
export function describeTwilioError(err: unknown): string {
  const api = asTwilioApiError(err);
  if (api) return `Twilio answered HTTP ${api.status}${api.code ? ` (error ${api.code})` : ''}: ${api.message}`;
  const e = err as { code?: string; message?: string };
  const msg = e?.message ?? String(err);
  return e?.code && !msg.includes(e.code) ? `${e.code}: ${msg}` : msg;
}
