// Engine events into the leg: audio deltas (on to Twilio through the playback reducer, with the
// turn's latency), barge-in, responses, transcripts, tool calls, the session's end.
import type { EngineEvent } from '../engine/port.ts';
import { base64ByteLength } from '../twilio/codec.ts';
import { record, recordLeg, reportTurn, type Leg } from './leg.ts';
import type { Turn } from './latency.ts';
import { disarmIdle, settle } from './silence.ts';
import { onToolCall, toolResponseDone } from './tool-calls.ts';
import { releaseTranscripts } from './transcripts.ts';
import { applyPlayback } from './twilio-out.ts';
import { markName } from './playback.ts';

export function onEngine(leg: Leg, ev: EngineEvent): void {
  switch (ev.type) {
    case 'audio_delta':
      return onAudioDelta(leg, ev);
    case 'speech_started':
      if (ev.itemId) leg.itemStart.set(ev.itemId, leg.clock());
      leg.idlePrompts = 0;
      disarmIdle(leg);
      leg.turnStop = null;
      reportTurn(leg); // its marks are about to be cleared (and echoed unplayed)
      applyPlayback(leg, { type: 'speech_started' });
      releaseTranscripts(leg);
      return;
    case 'speech_stopped':
      leg.turnStop = performance.now();
      return;
    case 'response_started':
      disarmIdle(leg);
      return applyPlayback(leg, { type: 'response_started', responseId: ev.responseId });
    case 'response_done': {
      applyPlayback(leg, { type: 'response_done', responseId: ev.responseId });
      if (ev.usage) {
        const u = ev.usage;
        leg.deps.onUsage?.(u);
        recordLeg(leg, () => leg.deps.store.addAiUsage(leg.streamSid, u));
      }
      toolResponseDone(leg, ev.responseId);
      return settle(leg);
    }
    case 'transcript': {
      const at = leg.itemStart.get(ev.itemId) ?? leg.clock();
      leg.itemStart.delete(ev.itemId);
      if (!ev.text.trim()) return;
      if (ev.role === 'assistant') {
        // Kept until the caller has heard it: a barge-in cuts it to what they heard.
        leg.heldTranscripts.set(ev.itemId, { text: ev.text, at });
        return releaseTranscripts(leg);
      }
      record(leg, leg.deps.store.addCallEvent(leg.callSid, { key: `ai:${ev.itemId}:${ev.role}`, kind: 'ai', step: ev.role, text: ev.text, at }));
      return;
    }
    case 'tool_call':
      return onToolCall(leg, ev);
    case 'closed':
      if (ev.reason !== 'closed_by_us') {
        leg.log.warn({ reason: ev.reason, detail: ev.detail }, 'engine session ended');
        leg.end(ev.reason);
      }
      return;
    case 'ready':
      leg.ready = true;
      return;
    case 'warning':
      return;
  }
}

/** The hot path of Liza's voice: one delta → a media frame and its mark. */
function onAudioDelta(leg: Leg, ev: Extract<EngineEvent, { type: 'audio_delta' }>) {
  if (leg.closing === null && leg.idleTimer !== undefined) disarmIdle(leg);
  if (ev.itemId !== leg.lastAudioItem) {
    leg.lastAudioItem = ev.itemId;
    if (!leg.itemStart.has(ev.itemId)) leg.itemStart.set(ev.itemId, leg.clock());
  }
  const turnStop = leg.turnStop;
  if (turnStop === null) {
    return applyPlayback(leg, { type: 'audio_delta', responseId: ev.responseId, itemId: ev.itemId, payload: ev.payload, bytes: base64ByteLength(ev.payload) });
  }
  const arrived = performance.now();
  const seq = leg.playback.seq;
  applyPlayback(leg, { type: 'audio_delta', responseId: ev.responseId, itemId: ev.itemId, payload: ev.payload, bytes: base64ByteLength(ev.payload) });
  if (leg.playback.seq !== seq) {
    const turn: Turn = { engineMs: arrived - turnStop, bridgeMs: performance.now() - arrived, playedMs: null };
    reportTurn(leg);
    const marks = leg.playback.marks;
    leg.turnMark = { name: markName(leg.playback, marks[marks.length - 1]!), turn, stop: turnStop };
    leg.turns.push(turn);
    leg.turnStop = null;
  }
}
