import type { Recording } from '../../../domain/index.ts';
import type { AppDeps } from '../../types.ts';

/**
 * Streams a Twilio recording to a signed-in browser. Twilio's media URL needs the account's
 * credentials (HTTP Basic, AccountSid:AuthToken) and must never reach the browser, so the edge
 * fetches `RecordingUrl` + `.mp3` itself and passes Range through so the player can seek.
 * https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file
 */
export async function proxyRecording({ config, logger }: AppDeps, rec: Recording, range: string | undefined): Promise<Response> {
  // Only ever fetch from Twilio's API host (or the configured fake): a stored URL is not a free pass.
  let url: URL;
  try {
    url = new URL(rec.url.replace(/\.(mp3|wav)$/, '') + '.mp3');
  } catch {
    return new Response('Recording unavailable', { status: 502 });
  }
  if (url.origin !== new URL(config.twilio.apiBaseUrl).origin) {
    logger.warn({ recordingId: rec.id, host: url.host }, 'recording URL is not on the Twilio API host; not fetched');
    return new Response('Recording unavailable', { status: 502 });
  }
  const headers: Record<string, string> = {};
  if (config.twilio.accountSid) headers.Authorization = `Basic ${btoa(`${config.twilio.accountSid}:${config.twilio.authToken}`)}`;
  if (range && /^bytes=\d*-\d*$/.test(range)) headers.Range = range;
  let upstream: Response;
  try {
    upstream = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    logger.warn({ err, recordingId: rec.id }, 'fetching the recording from Twilio failed');
    return new Response('Recording unavailable', { status: 502 });
  }
  if (!upstream.ok || !upstream.body) {
    logger.warn({ status: upstream.status, recordingId: rec.id }, 'Twilio refused the recording');
    await upstream.body?.cancel();
    return new Response('Recording unavailable', { status: 502 });
  }
  const out = new Headers({ 'Content-Type': 'audio/mpeg', 'Cache-Control': 'private, no-store', 'Accept-Ranges': 'bytes' });
  for (const h of ['content-length', 'content-range']) {
    const v = upstream.headers.get(h);
    if (v) out.set(h, v);
  }
  return new Response(upstream.body, { status: upstream.status === 206 ? 206 : 200, headers: out });
}
