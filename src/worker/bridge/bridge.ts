// One call's AI leg: the only place that sees both the Twilio stream and the engine session.
// Its parts, each in its own file over the shared state in leg.ts: start.ts (admission, the
// engine session), twilio-in.ts (Twilio → engine), engine-in.ts and twilio-out.ts (engine →
// Twilio), dtmf.ts (keys), silence.ts (idle and closing), tool-calls.ts, end-of-leg.ts.
import type WebSocket from 'ws';
import { endLeg } from './end-of-leg.ts';
import { createLeg, type BridgeDeps, type Corkable, type EndReason } from './leg.ts';
import { onTwilioMessage } from './twilio-in.ts';

export type { BridgeDeps, Corkable, EndReason } from './leg.ts';
export { MAX_TWILIO_BUFFERED_BYTES } from './twilio-out.ts';
export { SLOW_TOOL_MS } from './tool-calls.ts';
export { CLOSE_WAIT_MS } from './silence.ts';

export interface BridgeHandle {
  /** Resolves once the stream and the engine session are both closed and the end is recorded. */
  readonly done: Promise<void>;
  end(reason: EndReason): void;
}

/** How long a new stream may take to send `start` before we hang it up. */
const START_TIMEOUT_MS = 10_000;

export function runBridge(twilio: WebSocket, deps: BridgeDeps, refuse?: EndReason, socket?: Corkable): BridgeHandle {
  const leg = createLeg(twilio, deps, refuse, socket);
  const done = new Promise<void>((r) => (leg.resolveDone = r));
  const end = (reason: EndReason) => endLeg(leg, reason);
  leg.end = end;
  leg.startTimer = leg.timers.setTimeout(() => end('no_start'), START_TIMEOUT_MS);

  twilio.on('message', (data: Buffer, isBinary: boolean) => {
    if (leg.ended || isBinary) return;
    onTwilioMessage(leg, data);
  });
  twilio.on('close', () => end('hangup'));
  // A broken socket is not the caller hanging up: its own reason, logged.
  twilio.on('error', (err: Error) => {
    leg.log.warn({ err: err.message }, 'twilio media socket error');
    end('twilio_error');
  });

  return { done, end };
}
