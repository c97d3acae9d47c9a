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
