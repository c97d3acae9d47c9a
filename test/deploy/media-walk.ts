// A German call to "talk to Liza" through nginx, with Twilio's side of the media stream run as
// its own process (media-client.ts, trusting the test CA), audio flowing both ways between it
// and the fake OpenAI Realtime engine behind the worker.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';
import { placeCall, type CallerIO, type SimResult } from '../../src/sim/call.ts';
import type { FakeRealtime } from '../fakes/fake-realtime.ts';
import { TSX_IMPORT } from '../helpers/spawn-edge.ts';
import { DE } from './walk.ts';

const execFileAsync = promisify(execFile);
export const CALLER_AUDIO = Buffer.alloc(8000, 0x55); // 1 s of caller audio (µ-law bytes)
export const LIZA_AUDIO = Buffer.alloc(1600, 0x2a); // 200 ms of Liza speaking

export interface StreamResult { connected: boolean; status?: number | null; received?: string; error?: string }

export interface MediaWalkOptions {
  publicBaseUrl: string;
  /** PUBLIC_MEDIA_URL: where the client connects and what it signs. */
  mediaUrl: string;
  authToken: string;
  fetch: typeof fetch;
  engine: FakeRealtime;
  /** PEM file the client process trusts (NODE_EXTRA_CA_CERTS). */
  caFile: string;
}

export async function runStreamClient(o: MediaWalkOptions, signedUrl: string, params: Record<string, string>, expectBytes: number): Promise<StreamResult> {
  const args = ['--import', TSX_IMPORT, new URL('./media-client.ts', import.meta.url).pathname, o.mediaUrl, signedUrl, o.authToken, JSON.stringify(params), CALLER_AUDIO.toString('base64'), String(expectBytes)];
  const { stdout, stderr } = await execFileAsync(process.execPath, args, { env: { ...process.env, NODE_EXTRA_CA_CERTS: o.caFile }, timeout: 60_000 }).catch(
    (err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? String(err) }),
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  if (!line.startsWith('{')) throw new Error(`media client failed:\n${stdout}\n${stderr}`);
  return JSON.parse(line) as StreamResult;
}

/** The whole AI leg; returns what each side heard. */
export async function walkMediaCall(o: MediaWalkOptions): Promise<{ call: SimResult; stream: { url: string; params: Record<string, string> } | null; result: StreamResult | null; engineHeard: Buffer }> {
  let stream: { url: string; params: Record<string, string> } | null = null;
  let result: StreamResult | null = null;
  let engineHeard: Buffer = Buffer.alloc(0);
  // Consent, order 4711, confirm, "talk to Liza" (the stream runs), then goodbye at the menu.
  const keys = ['1', '4711#', '1', '2', '9'];
  const io: CallerIO = {
    ...scriptedCaller(keys),
    // Twilio's side of the <Connect><Stream>: the <Connect action> is requested only once it ends.
    async stream(c) {
      stream = { url: c.streamUrl, params: c.params };
      const engineSide = (async () => {
        const session = await o.engine.nextSession();
        await session.waitForAudio(1600);
        engineHeard = session.audio();
        await session.speak(LIZA_AUDIO);
      })();
      [result] = await Promise.all([runStreamClient(o, c.streamUrl, c.params, LIZA_AUDIO.length), engineSide]);
    },
  };
  const call = await placeCall({ publicBaseUrl: o.publicBaseUrl, authToken: o.authToken, from: DE, fetch: o.fetch }, io);
  return { call, stream, result, engineHeard };
}
