import type { Recording } from '../../../domain/index.ts';
import { describeRecordingProblem, fetchTwilioMedia, problemOfStatus, type RecordingProblem } from '../../../telephony/recording-fetch.ts';
import type { AppDeps } from '../../types.ts';

/** The sentence staff read when the player cannot play (an admin.json key under `recording_problem`). */
export type ProblemText = (problem: RecordingProblem, vars: { status?: number }) => string;

/**
 * Streams a Twilio recording to a signed-in browser. Twilio's media URL needs the account's
 * credentials (HTTP Basic, AccountSid:AuthToken) and must never reach the browser, so the edge
 * fetches `RecordingUrl` + `.mp3` itself and passes Range through so the player can seek.
 * When it cannot, it logs one warning line (no stack trace: the reason is all an operator needs)
 * and answers 502 with a sentence the call page shows under the player.
 * https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file
 */
export async function proxyRecording({ config, logger }: AppDeps, rec: Recording, range: string | undefined, problemText: ProblemText): Promise<Response> {
  const fail = (problem: RecordingProblem, extra: { status?: number; reason?: string } = {}) => {
    logger.warn({ recordingId: rec.id, callId: rec.callId, recordingSid: rec.recordingSid, problem, ...extra }, `staff player: ${describeRecordingProblem(problem, extra)}`);
    return new Response(problemText(problem, extra), { status: 502, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  };
  // Only ever fetch from Twilio's API host (or the configured fake): a stored URL is not a free pass.
  const headers: Record<string, string> = {};
  if (range && /^bytes=\d*-\d*$/.test(range)) headers.Range = range;
  const got = await fetchTwilioMedia(config.twilio, rec.url, '.mp3', { headers, signal: AbortSignal.timeout(15_000) });
  if (got.kind === 'problem') return fail(got.problem, { status: got.status, reason: got.reason });
  const upstream = got.response;
  if (!upstream.ok || !upstream.body) {
    await upstream.body?.cancel();
    return fail(problemOfStatus(upstream.status), { status: upstream.status });
  }
  const out = new Headers({ 'Content-Type': 'audio/mpeg', 'Cache-Control': 'private, no-store', 'Accept-Ranges': 'bytes' });
  for (const h of ['content-length', 'content-range']) {
    const v = upstream.headers.get(h);
    if (v) out.set(h, v);
  }
  return new Response(upstream.body, { status: upstream.status === 206 ? 206 : 200, headers: out });
}
