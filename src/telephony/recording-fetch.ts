// What went wrong when a Twilio recording could not be downloaded, shared by the staff page's
// player (edge) and the transcription job (worker), so both tell operators the same thing.

/** Why a recording could not be fetched. */
export type RecordingProblem = 'not_twilio' | 'unreachable' | 'refused' | 'not_found' | 'upstream';

/**
 * Twilio's answer to a media request → the problem: 401/403 wrong credentials, 404 no such
 * recording (deleted, or for a moment right after the callback), anything else Twilio's side.
 * https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file
 */
export function problemOfStatus(status: number): RecordingProblem {
  return status === 401 || status === 403 ? 'refused' : status === 404 ? 'not_found' : 'upstream';
}

/** A failed fetch in one phrase: fetch hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
export function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'timed out';
  const cause = (err as { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : null;
  return code ? `${err.message} (${code})` : err.message;
}

/** One sentence for logs and the transcript's error, in English (operators' language). */
export function describeRecordingProblem(problem: RecordingProblem, detail: { status?: number; reason?: string }): string {
  switch (problem) {
    case 'not_twilio':
      return `the recording URL is not on the Twilio API host, so it was not fetched (${detail.reason ?? 'unknown host'})`;
    case 'unreachable':
      return `Twilio could not be reached for the recording: ${detail.reason ?? 'network error'}`;
    case 'refused':
      return `Twilio refused the recording (HTTP ${detail.status}): check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN`;
    case 'not_found':
      return `Twilio has no such recording (HTTP 404): it was deleted, or is not ready yet`;
    case 'upstream':
      return `Twilio answered HTTP ${detail.status} for the recording`;
  }
}

export interface TwilioMediaAccess {
  /** TWILIO_ACCOUNT_SID; null: the account in the recording's own (signed) RecordingUrl. */
  accountSid: string | null;
  authToken: string;
  /** TWILIO_API_BASE_URL: the only origin that ever receives the credentials. */
  apiBaseUrl: string;
}

export type TwilioMediaResult = { kind: 'response'; response: Response } | { kind: 'problem'; problem: RecordingProblem; status?: number; reason?: string };

// Twilio's RecordingUrl: https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}
const ACCOUNT_IN_PATH = /\/Accounts\/(AC[0-9a-fA-F]{32})\//;
const MAX_REDIRECTS = 3;

/**
 * Fetches a stored Twilio recording URL (+ `format`) with the account's credentials, for the
 * worker's transcription and the edge's staff player alike. The credentials go only to
 * TWILIO_API_BASE_URL's origin: a stored URL anywhere else is refused unfetched, and a redirect
 * (Twilio sends media from its storage) is followed without them. Without TWILIO_ACCOUNT_SID the
 * account is the one in the URL that Twilio's signed recording callback gave us.
 * https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file
 */
export async function fetchTwilioMedia(access: TwilioMediaAccess, storedUrl: string, format: '.mp3' | '.wav', init: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<TwilioMediaResult> {
  const api = new URL(access.apiBaseUrl).origin;
  let url: URL;
  try {
    url = new URL(storedUrl.replace(/\.(mp3|wav)$/, '') + format);
  } catch {
    return { kind: 'problem', problem: 'not_twilio', reason: 'stored URL is not a URL' };
  }
  if (url.origin !== api) return { kind: 'problem', problem: 'not_twilio', reason: `host ${url.host}` };
  const accountSid = access.accountSid ?? ACCOUNT_IN_PATH.exec(url.pathname)?.[1] ?? null;
  const auth = accountSid ? `Basic ${btoa(`${accountSid}:${access.authToken}`)}` : null;
  try {
    for (let hop = 0; ; hop++) {
      const headers = { ...init.headers, ...(auth && url.origin === api ? { Authorization: auth } : {}) };
      const res = await fetch(url, { headers, redirect: 'manual', signal: init.signal });
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { kind: 'response', response: res };
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) return { kind: 'problem', problem: 'upstream', status: res.status };
      url = new URL(location, url);
    }
  } catch (err) {
    if (init.signal?.aborted) throw err;
    return { kind: 'problem', problem: 'unreachable', reason: describeFetchError(err) };
  }
}
