// In development one public URL serves both processes: the edge passes Twilio's `/media`
// WebSocket upgrades through to the worker (a laptop behind one tunnel). Real processes, real
// sockets, the fake Realtime engine; the worker still checks Twilio's signature itself.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { mediaPassthroughFor } from '../../src/edge/media-passthrough.ts';
import { startFakeRealtime, type FakeRealtime } from '../fakes/fake-realtime.ts';
import { connectFakeTwilioStream } from '../fakes/fake-twilio-stream.ts';
import { freePort, startTs, tempDir, waitForHealth, waitForOutput, type Started } from '../helpers/spawn-edge.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';
import { placeCall } from '../../src/sim/call.ts';

const TOKEN = 'passthrough-token-0123456';

describe('when the edge passes /media through', () => {
  const base = { TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: 'https://abc.tunnel.example' };
  it('only outside production, and only when PUBLIC_MEDIA_URL is on the edge\'s public host', () => {
    expect(mediaPassthroughFor(parseConfig({ ...base, PUBLIC_MEDIA_URL: 'wss://abc.tunnel.example/media', WORKER_PORT: '3101' }))).toEqual({ path: '/media', host: '127.0.0.1', port: 3101 });
    expect(mediaPassthroughFor(parseConfig({ ...base, PUBLIC_MEDIA_URL: 'wss://abc.tunnel.example/media', NODE_ENV: 'production' }))).toBeNull();
    expect(mediaPassthroughFor(parseConfig({ ...base, PUBLIC_MEDIA_URL: 'wss://media.example/media' }))).toBeNull();
    expect(mediaPassthroughFor(parseConfig({ TWILIO_AUTH_TOKEN: TOKEN }))).toBeNull(); // the defaults: two ports
  });
});

describe('one public URL for edge and worker (development)', () => {
  let edge: Started;
  let worker: Started;
  let engine: FakeRealtime;
  let edgePort = 0;
  let publicBase = '';
  let mediaUrl = '';

  beforeAll(async () => {
    engine = await startFakeRealtime();
    edgePort = await freePort();
    const workerPort = await freePort();
    publicBase = `http://127.0.0.1:${edgePort}`;
    mediaUrl = `ws://127.0.0.1:${edgePort}/media`;
    const env = {
      DATABASE_URL: join(tempDir('liza-passthrough-'), 'liza.db'), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: publicBase, PUBLIC_MEDIA_URL: mediaUrl,
      PORT: String(edgePort), WORKER_PORT: String(workerPort), OPENAI_API_KEY: 'sk-test', OPENAI_REALTIME_URL: engine.url, NODE_ENV: 'development', LOG_LEVEL: 'info',
    };
    edge = startTs('src/edge/main.node.ts', env);
    await waitForHealth(`${publicBase}/health`, edge);
    worker = startTs('src/worker/main.ts', env);
    await waitForHealth(`http://127.0.0.1:${workerPort}/health`, worker);
  }, 60_000);

  afterAll(async () => {
    await edge?.stop();
    await worker?.stop();
    await engine?.close();
  });

  it('a Twilio stream to the edge\'s /media reaches the worker and the AI, audio both ways', async () => {
    expect(edge.output()).toContain('WebSocket upgrades on /media pass through to the worker');
    // A caller walks to "talk to Liza" (the worker admits a stream only for a call waiting for
    // its AI leg); Twilio's side of the stream then connects to the edge's /media.
    const keys = ['1', '4711#', '1', '2', '9'];
    let heard = false;
    await placeCall({ publicBaseUrl: publicBase, authToken: TOKEN, from: '+4915112345678' }, {
      ...scriptedCaller(keys),
      async stream(c) {
        const tw = await connectFakeTwilioStream({ url: mediaUrl, authToken: TOKEN, callSid: c.params.call!, customParameters: c.params });
        tw.start();
        const session = await engine.nextSession();
        // Audio flows only once the session is verified (session.updated, issue 13).
        await session.waitForEvent((e) => e.type === 'session.update');
        const liza = Buffer.alloc(1600, 0x55);
        await session.speak(liza);
        await tw.waitForFrame(() => tw.receivedAudio().length >= liza.length);
        heard = tw.receivedAudio().equals(liza);
        tw.stop();
        await tw.closed;
      },
    });
    expect(heard).toBe(true);
  });

  it('the worker, not the edge, refuses a forged signature (403)', async () => {
    const refused = await connectFakeTwilioStream({ url: mediaUrl, authToken: 'not-the-token-at-all', callSid: 'CA' + '8'.repeat(32) }).then(
      () => null,
      (err: Error & { status?: number }) => err.status,
    );
    expect(refused).toBe(403);
    // The worker logs the refusal around the time it answers: wait for the line, do not race it.
    await waitForOutput(worker, /signature/i);
  });

  it('other upgrade paths get 404 from the edge', async () => {
    const refused = await connectFakeTwilioStream({ url: `ws://127.0.0.1:${edgePort}/elsewhere`, authToken: TOKEN }).then(
      () => null,
      (err: Error & { status?: number }) => err.status,
    );
    expect(refused).toBe(404);
  });
});
