// Twilio's side of a Media Stream, run as its own process by nginx-media.test.ts so that
// NODE_EXTRA_CA_CERTS (read only at start-up) makes it trust the test's self-signed certificate,
// as a real client trusts a real one. Prints one JSON line with what happened.
// argv: url signedUrl authToken customParametersJson callerAudioBase64 expectBytes
import { connectFakeTwilioStream } from '../fakes/fake-twilio-stream.ts';

const [url, signedUrl, authToken, params, audio, expect] = process.argv.slice(2) as [string, string, string, string, string, string];
const out = (o: Record<string, unknown>) => console.log(JSON.stringify(o));

try {
  const s = await connectFakeTwilioStream({ url, signedUrl, authToken, customParameters: JSON.parse(params) as Record<string, string> });
  s.start();
  await s.sendAudio(Buffer.from(audio, 'base64'), { realtime: false });
  const want = Number(expect);
  if (want > 0) {
    await s.waitForFrame(() => s.receivedAudio().length >= want);
  }
  s.stop();
  out({ connected: true, received: s.receivedAudio().toString('base64'), marks: s.marksReceived.length });
  s.ws.close();
} catch (err) {
  out({ connected: false, status: (err as { status?: number }).status ?? null, error: (err as Error).message });
}
process.exit(0);
