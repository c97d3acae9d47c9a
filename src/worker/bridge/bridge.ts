// One call's AI leg: the only place that sees both the Twilio stream and the engine session.
import type WebSocket from 'ws';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import { isLang, type Lang } from '../../domain/index.ts';
import type { Engine, EngineEvent, EngineSession } from '../engine/port.ts';
import { realTimers, type TimerHandle, type Timers } from '../timers.ts';
import { base64ByteLength, formatClear, formatMark, formatMedia, parseTwilioMessage, quickMediaPayload } from '../twilio/codec.ts';
import { answerTool } from './tools.ts';
import { initialPlayback, playbackStep, type PlaybackEffect, type PlaybackInput } from './playback.ts';

export type EndReason =
  | 'caller_hangup' | 'engine_unreachable' | 'engine_error' | 'engine_dropped' | 'engine_not_configured'
  | 'max_call_seconds' | 'max_streams' | 'shutdown' | 'no_start';

export interface BridgeDeps {
  engine: Engine;
  store: Store;
  logger: Logger;
  maxCallSeconds: number;
  clock?: () => Date;
  /** The start and call-length timers (tests fire them by hand). */
  timers?: Timers;
  /** Told once per stream, with why it ended (metrics). */
  onEnd?: (reason: EndReason) => void;
}

export interface BridgeHandle {
  /** Resolves once the stream and the engine session are both closed and the end is recorded. */
  readonly done: Promise<void>;
  end(reason: EndReason): void;
}

/** How long a new stream may take to send `start` before we hang it up. */
const START_TIMEOUT_MS = 10_000;

/** The stream's TCP socket, to write a delta's media and mark frames with one syscall. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

export function runBridge(twilio: WebSocket, deps: BridgeDeps, refuse?: EndReason, socket?: Corkable): BridgeHandle {
  const clock = deps.clock ?? (() => new Date());
  const timers = deps.timers ?? realTimers;
  let log = deps.logger;
  let streamSid = '';
  let callSid = '';
  let lang: Lang = 'de-DE';
  let engine: EngineSession | null = null;
  let playback = initialPlayback;
  let ended = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const writes: Promise<unknown>[] = [];
  /** Responses that called a tool: once done, the engine is asked to speak about the result. */
  const toolResponses = new Map<string, { results: number; done: boolean }>();
  /**
   * When each conversation item began: the caller's at speech start, Liza's at her first audio.
   * A caller's transcript arrives late (transcription runs after the turn), so stamping lines
   * with these times keeps the stored conversation in the order it was spoken.
   */
  const itemStart = new Map<string, Date>();
  let lastAudioItem = '';
  let corked = false;
  const startTimer = timers.setTimeout(() => end('no_start'), START_TIMEOUT_MS);
  let capTimer: TimerHandle;

  const sendTwilio = (s: string) => {
    if (twilio.readyState === 1) twilio.send(s);
  };
  const record = (p: Promise<unknown>) => writes.push(p.catch((err: Error) => log.warn({ err: err.message }, 'store write failed')));

  function apply(input: PlaybackInput) {
    const r = playbackStep(playback, input);
    playback = r.state;
    if (r.effects.length === 0) return;
    // Each WebSocket send is otherwise its own write(2); these syscalls were the largest cost in
    // the bridge's CPU profile. Corked until the current tick ends, a delta's media and mark
    // frames (and every other delta that arrived in the same read) leave in one writev.
    if (socket && !corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    for (const e of r.effects) effect(e);
  }
  function uncork() {
    corked = false;
    socket?.uncork();
  }
  function effect(e: PlaybackEffect) {
    switch (e.type) {
      case 'twilio_media': return sendTwilio(formatMedia(streamSid, e.payload));
      case 'twilio_mark': return sendTwilio(formatMark(streamSid, e.name));
      case 'twilio_clear': return sendTwilio(formatClear(streamSid));
      case 'engine_truncate': return engine?.truncate(e.itemId, e.audioEndMs);
      case 'engine_cancel': return engine?.cancelResponse(e.responseId);
    }
  }

  function end(reason: EndReason) {
    if (ended) return;
    ended = true;
    timers.clearTimeout(startTimer);
    timers.clearTimeout(capTimer);
    engine?.close();
    if (callSid) {
      record(deps.store.addCallEvent(callSid, { key: `ai:ended:${streamSid}`, kind: 'ai', step: 'ended', detail: { reason }, at: clock() }));
    }
    // No dead air: closing the stream makes Twilio request the <Connect action>, which returns
    // the caller to the help menu with an apology.
    if (twilio.readyState === 1) {
      if (reason !== 'caller_hangup') sendTwilio(formatClear(streamSid));
      twilio.close(1000);
    }
    log.info({ reason }, 'ai stream ended');
    deps.onEnd?.(reason);
    void Promise.all(writes).then(() => resolveDone());
  }

  function onEngine(ev: EngineEvent) {
    switch (ev.type) {
      case 'audio_delta':
        if (ev.itemId !== lastAudioItem) {
          lastAudioItem = ev.itemId;
          if (!itemStart.has(ev.itemId)) itemStart.set(ev.itemId, clock());
        }
        return apply({ type: 'audio_delta', responseId: ev.responseId, itemId: ev.itemId, payload: ev.payload, bytes: base64ByteLength(ev.payload) });
      case 'speech_started':
        if (ev.itemId) itemStart.set(ev.itemId, clock());
        return apply({ type: 'speech_started' });
      case 'response_started':
        return apply({ type: 'response_started', responseId: ev.responseId });
      case 'response_done': {
        apply({ type: 'response_done', responseId: ev.responseId });
        const t = toolResponses.get(ev.responseId);
        if (t) {
          t.done = true;
          if (t.results > 0) respondAfterTools(ev.responseId);
        }
        return;
      }
      case 'transcript': {
        const at = itemStart.get(ev.itemId) ?? clock();
        itemStart.delete(ev.itemId);
        if (!ev.text.trim()) return;
        record(deps.store.addCallEvent(callSid, { key: `ai:${ev.itemId}:${ev.role}`, kind: 'ai', step: ev.role, text: ev.text, at }));
        return;
      }
      case 'tool_call': {
        const t = toolResponses.get(ev.responseId) ?? { results: 0, done: false };
        toolResponses.set(ev.responseId, t);
        void answerTool(deps.store, lang, ev.name, ev.arguments)
          .catch(() => JSON.stringify({ error: 'lookup failed' }))
          .then((output) => {
            if (ended) return;
            engine?.toolResult(ev.callId, output);
            t.results++;
            if (t.done) respondAfterTools(ev.responseId);
          });
        return;
      }
      case 'closed':
        if (ev.reason !== 'closed_by_us') {
          log.warn({ reason: ev.reason, detail: ev.detail }, 'engine session ended');
          end(ev.reason);
        }
        return;
      case 'ready':
      case 'warning':
        return;
    }
  }
  function respondAfterTools(responseId: string) {
    toolResponses.delete(responseId);
    engine?.createResponse();
  }

  function onStart(m: Extract<ReturnType<typeof parseTwilioMessage>, { type: 'start' }>) {
    timers.clearTimeout(startTimer);
    streamSid = m.streamSid;
    callSid = m.customParameters.call || m.callSid;
    const l = m.customParameters.lang;
    if (isLang(l)) lang = l;
    log = deps.logger.child({ callSid, streamSid });
    record(deps.store.addCallEvent(callSid, { key: `ai:started:${streamSid}`, kind: 'ai', step: 'started', detail: { lang }, at: clock() }));
    if (refuse) return end(refuse);
    if (!deps.engine.configured) return end('engine_not_configured');
    engine = deps.engine.open({ callSid, lang, order: m.customParameters.order || null, onEvent: onEngine });
    capTimer = timers.setTimeout(() => end('max_call_seconds'), deps.maxCallSeconds * 1000);
  }

  twilio.on('message', (data: Buffer, isBinary: boolean) => {
    if (ended || isBinary) return;
    const text = data.toString();
    const payload = quickMediaPayload(text);
    if (payload !== null) return engine?.appendAudio(payload);
    const m = parseTwilioMessage(text);
    switch (m.type) {
      case 'media':
        engine?.appendAudio(m.payload);
        return;
      case 'mark':
        return apply({ type: 'mark', name: m.name });
      case 'start':
        return onStart(m);
      case 'stop':
        return end('caller_hangup');
      default:
        return;
    }
  });
  twilio.on('close', () => end('caller_hangup'));
  twilio.on('error', () => end('caller_hangup'));

  return { done, end };
}
