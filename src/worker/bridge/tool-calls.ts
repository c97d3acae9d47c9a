// The model's function calls: end the call, hand over to staff, or look an order up (with a
// spoken filler when the lookup is slow), then ask for a response once every result is in.
import type { EngineEvent } from '../engine/port.ts';
import { END_CALL_TOOL, LOOKUP_ORDER_TOOL, TRANSFER_TOOL } from '../engine/session-config.ts';
import { record, type Leg } from './leg.ts';
import { closeAfterWords, disarmIdle, settle } from './silence.ts';
import { answerTool, LOOKUP_FAILED, TELL } from './tools.ts';

/** A lookup slower than this gets a spoken filler (issue 13, point 5). */
export const SLOW_TOOL_MS = 1_500;

export function onToolCall(leg: Leg, ev: Extract<EngineEvent, { type: 'tool_call' }>): void {
  const { deps, timers } = leg;
  disarmIdle(leg);
  record(leg, deps.store.addCallEvent(leg.callSid, { key: `ai:tool:${ev.callId}`, kind: 'ai', step: 'tool', detail: { name: ev.name }, at: leg.clock() }));
  if (ev.name === END_CALL_TOOL) return closeAfterWords(leg, 'end_call');
  if (ev.name === TRANSFER_TOOL && deps.staffEnabled) return closeAfterWords(leg, 'transfer_to_staff');
  const t = leg.toolResponses.get(ev.responseId) ?? { results: 0, done: false };
  leg.toolResponses.set(ev.responseId, t);
  leg.toolsRunning++;
  // A slow lookup is not dead air: past SLOW_TOOL_MS the model says a short filler.
  const slow = ev.name === LOOKUP_ORDER_TOOL ? timers.setTimeout(() => {
    if (!leg.ended && !leg.closing && leg.playback.activeResponse === null) leg.engine?.createResponse(TELL.filler);
  }, SLOW_TOOL_MS) : undefined;
  void answerTool(deps.store, leg.lang, ev.name, ev.arguments)
    .catch((err: Error) => {
      leg.log.warn({ err: err.message, tool: ev.name }, 'tool failed');
      return LOOKUP_FAILED;
    })
    .then((output) => {
      timers.clearTimeout(slow);
      leg.toolsRunning--;
      if (leg.ended) return;
      leg.engine?.toolResult(ev.callId, output);
      t.results++;
      if (t.done) respondAfterTools(leg, ev.responseId);
      settle(leg);
    });
}

/** The response that called tools is done: one more once its results are all in. */
export function toolResponseDone(leg: Leg, responseId: string): void {
  const t = leg.toolResponses.get(responseId);
  if (!t) return;
  t.done = true;
  if (t.results > 0) respondAfterTools(leg, responseId);
}

function respondAfterTools(leg: Leg, responseId: string) {
  leg.toolResponses.delete(responseId);
  leg.respondPending = true;
}
