// A call's AI leg through the shipped nginx: the simulator walks a German call to "talk to
// Liza", then Twilio's side of the Media Stream (a separate process trusting the test CA)
// connects to the public wss URL, signed for it, and audio flows both ways between it and a
// fake OpenAI Realtime engine behind the real worker.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';
import { placeCall, type CallerIO } from '../../src/sim/call.ts';
import { startFakeRealtime, type FakeRealtime } from '../fakes/fake-realtime.ts';
import { freePort, hasProgram, reportMissingProgram, startProcess, type Started } from '../helpers/processes.ts';
import { TSX_IMPORT } from '../helpers/spawn-edge.ts';
import { makeCert, startNginx, type RunningNginx } from './nginx-harness.ts';
import { DE } from './walk.ts';

const nginxHere = hasProgram('nginx', ['-v']);
reportMissingProgram(nginxHere, 'nginx', 'the media stream test through nginx needs it (apt-get install nginx)');

const execFileAsync = promisify(execFile);
const TOKEN = 'media-nginx-token-0123456789';
const CALLER = Buffer.alloc(8000, 0x55); // 1 s of caller audio (µ-law bytes)
const LIZA = Buffer.alloc(1600, 0x2a); // 200 ms of Liza speaking

interface ClientResult { connected: boolean; status?: number | null; received?: string; error?: string }

describe.skipIf(!nginxHere)('the media WebSocket through nginx', () => {
  let dir: string;
  let cert: string;
  let engine: FakeRealtime;
  let edge: Started;
  let worker: Started;
  let nginx: RunningNginx;
  let mediaUrl: string;

  /**
   * Runs media-client.ts with the test CA trusted, as Twilio's side of one stream. Asynchronously:
   * the fake engine lives in this process and must keep answering meanwhile.
   */
  const streamClient = async (signedUrl: string, params: Record<string, string>, expectBytes: number) => {
    const args = ['--import', TSX_IMPORT, 'test/deploy/media-client.ts', mediaUrl, signedUrl, TOKEN, JSON.stringify(params), CALLER.toString('base64'), String(expectBytes)];
    // No deadline of its own (the test's timeout is the limit); the client dies with the test.
    const ended = new AbortController();
    onTestFinished(() => ended.abort());
    const { stdout, stderr } = await execFileAsync(process.execPath, args, { env: { ...process.env, NODE_EXTRA_CA_CERTS: cert }, signal: ended.signal }).catch(
      (err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? String(err) }),
    );
    const line = stdout.trim().split('\n').at(-1) ?? '';
    if (!line.startsWith('{')) throw new Error(`media client failed:\n${stdout}\n${stderr}`);
    return JSON.parse(line) as ClientResult;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liza-media-'));
    const made = makeCert(dir);
    cert = made.cert;
    engine = await startFakeRealtime();
    const [edgePort, workerPort, httpPort, httpsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    mediaUrl = `wss://localhost:${httpsPort}/media`;
    const env = {
      HOST: '127.0.0.1',
      DATABASE_URL: join(dir, 'liza.db'),
      PUBLIC_BASE_URL: `https://localhost:${httpsPort}`,
      PUBLIC_MEDIA_URL: mediaUrl,
      TWILIO_AUTH_TOKEN: TOKEN,
      OPENAI_API_KEY: 'sk-test-nginx',
      OPENAI_REALTIME_URL: engine.url,
      LOG_LEVEL: 'warn',
    };
    edge = await startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/edge/main.node.ts'], {
      env: { ...env, PORT: String(edgePort) },
      readyUrl: `http://127.0.0.1:${edgePort}/health`,
    });
    worker = await startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/worker/main.ts'], {
      env: { ...env, WORKER_PORT: String(workerPort) },
      readyUrl: `http://127.0.0.1:${workerPort}/health`,
    });
    nginx = await startNginx(dir, { httpPort, httpsPort, edgePort, workerPort, cert: made.cert, key: made.key, ca: made.ca });
  }, 60_000);

  afterAll(async () => {
    nginx?.fetch.agent.destroy();
    await nginx?.proc.stop();
    await worker?.stop();
    await edge?.stop();
    await engine?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a stream signed for another URL, before any AI session opens', async () => {
    const r = await streamClient('wss://evil.example/media', { call: 'CA' + '9'.repeat(32), lang: 'de-DE', order: '' }, 0);
    expect(r).toMatchObject({ connected: false, status: 403 });
    expect(engine.upgradeRequests()).toBe(0);
  });

  it('carries caller audio to the engine and Liza’s audio back to the caller', async () => {
    let stream: { url: string; params: Record<string, string> } | null = null;
    let result: ClientResult | null = null;
    let engineHeard: Buffer = Buffer.alloc(0);
    // Consent, order 4711, confirm, "talk to Liza" (the stream runs), then goodbye at the menu.
    const keys = ['1', '4711#', '1', '2', '9'];
    const io: CallerIO = {
      ...scriptedCaller(keys),
      // Twilio's side of the <Connect><Stream>: the <Connect action> is requested only once it ends.
      async stream(c) {
        stream = { url: c.streamUrl, params: c.params };
        const engineSide = (async () => {
          const session = await engine.nextSession();
          await session.waitForAudio(1600);
          engineHeard = session.audio();
          await session.speak(LIZA);
        })();
        [result] = await Promise.all([streamClient(c.streamUrl, c.params, LIZA.length), engineSide]);
      },
    };
    const call = await placeCall({ publicBaseUrl: nginx.publicBaseUrl, authToken: TOKEN, from: DE, fetch: nginx.fetch }, io);
    expect(stream).toMatchObject({ url: mediaUrl, params: { call: call.callSid, lang: 'de-DE', order: '4711' } });
    expect(result).toMatchObject({ connected: true });
    // What the caller said reached the engine unchanged, and Liza's words reached the caller.
    expect(engineHeard.length).toBeGreaterThanOrEqual(1600);
    expect(engineHeard.every((b) => b === 0x55)).toBe(true);
    const heard = Buffer.from(result!.received!, 'base64');
    expect(heard.length).toBeGreaterThanOrEqual(LIZA.length);
    expect(heard.subarray(0, LIZA.length).equals(LIZA)).toBe(true);
    expect(call.ended).toBe('hangup');
  }, 90_000);
});
