import type { Config } from '../../src/config/index.ts';
import { placeCall, type CallerIO, type SimResult } from '../../src/sim/call.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';

type AppLike = { request: (input: string, init?: RequestInit) => Response | Promise<Response> };

/** Walks one call through an in-process app with the simulator (Twilio semantics, real signatures). */
export async function walkCall(
  app: AppLike,
  config: Config,
  from: string,
  keys: Array<string | null>,
  opts: { dialAnswered?: boolean; callSid?: string; callerName?: string; stream?: CallerIO['stream'] } = {},
): Promise<SimResult & { text: string }> {
  const caller = Object.assign(scriptedCaller(keys, opts), opts.stream ? { stream: opts.stream } : {});
  const result = await placeCall(
    { publicBaseUrl: config.publicBaseUrl, authToken: config.twilio.authToken, from, callSid: opts.callSid, callerName: opts.callerName, fetch: (async (url: string, init?: RequestInit) => app.request(url, init)) as typeof fetch },
    caller,
  );
  if (caller.remaining() > 0) throw new Error(`the call ended with ${caller.remaining()} key presses unused`);
  return { ...result, text: result.said.map((s) => s.text).join('\n') };
}
