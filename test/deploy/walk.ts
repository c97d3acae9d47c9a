import { placeCall, type SimOptions, type SimResult } from '../../src/sim/call.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';

/** One simulated call over real HTTP (the lead's simulator: Twilio semantics, real signatures). */
export async function walkOverHttp(opts: SimOptions, keys: Array<string | null>): Promise<SimResult & { text: string }> {
  const caller = scriptedCaller(keys);
  const result = await placeCall(opts, caller);
  if (caller.remaining() > 0) throw new Error(`the call ended with ${caller.remaining()} key presses unused`);
  return { ...result, text: result.said.map((s) => s.text).join('\n') };
}

export const DE = '+4915112345678';
export const GB = '+447700900123';
