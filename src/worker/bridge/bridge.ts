// One call's AI leg: the only place that sees both the Twilio stream and the engine session.
import type WebSocket from 'ws';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import { isLang, type AiEndReason, type AiUsage, type Lang } from '../../domain/index.ts';
import type { Engine, EngineEvent, EngineSession } from '../engine/port.ts';
import { END_CALL_TOOL, LOOKUP_ORDER_TOOL, TRANSFER_TOOL } from '../engine/session-config.ts';
import { realTimers, type TimerHandle, type Timers } from '../timers.ts';
import { base64ByteLength, formatClear, formatMark, formatMedia, parseTwilioMessage, quickMediaPayload } from '../twilio/codec.ts';
import { heardText } from './heard.ts';
import { initialKeypad, keypadStep } from './keypad.ts';
import { summarise, type Turn } from './latency.ts';
import { answerTool, LOOKUP_FAILED, lookupOrder, TELL } from './tools.ts';
import { BYTES_PER_MS, initialPlayback, playbackStep, type PlaybackEffect, type PlaybackInput } from './playback.ts';

export type EndReason = AiEndReason;

export interface BridgeDeps {
  engine: Engine;
  store: Store;
  logger: Logger;
  maxCallSeconds: number;
  /** STAFF_PHONE_NUMBER is set: `0` and `transfer_to_staff` hand the caller over. */
  staffEnabled?: boolean;
  /** AI_IDLE_SECONDS (default 12). */
  idleSeconds?: number;
  clock?: () => Date;
  /** Every timer of the leg (start, call cap, silence, slow tool, mark wait): tests fire them by hand. */
  timers?: Timers;
  /** Told once per stream, with why it ended (metrics). */
  onEnd?: (reason: EndReason) => void;
  /** Told per answered turn (metrics). */
  onTurn?: (turn: Turn) => void;
  /** Told per `response.done` usage (metrics). */
  onUsage?: (usage: AiUsage) => void;
  /**
   * Claims the call for this stream at `start`: a release function, or null when another stream
   * of the call is live (one live stream per call; the second is refused and records nothing).
   */
  claimCall?: (callSid: string) => (() => void) | null;
  /** Why a `start` for this call with this per-call token may not run (null: it may). */
  refuseStart?: (callSid: string, token: string | undefined) => string | null;
}

export interface BridgeHandle {
  /** Resolves once the stream and the engine session are both closed and the end is recorded. */
  readonly done: Promise<void>;
  end(reason: EndReason): void;
}

/**
 * What one Twilio socket may hold unsent (ws `bufferedAmount`, on top of the kernel's buffers):
 * 8 s of assistant audio as media frames (base64 µ-law, 8000 bytes/s, plus JSON framing). Twilio
 * reads as fast as we send; a socket that stops reading would otherwise make us keep every frame
 * of the answer (issue 11: 150 MB in, +285 MB of memory). Past it the leg ends as `twilio_slow`.
 */
export const MAX_TWILIO_BUFFERED_BYTES = Math.ceil(((8 * 8000 * 4) / 3) * 1.1);

/** How long a new stream may take to send `start` before we hang it up. */
const START_TIMEOUT_MS = 10_000;
/** A lookup slower than this gets a spoken filler (issue 13, point 5). */
export const SLOW_TOOL_MS = 1_500;
/** The longest wait for Twilio's mark of the last words before the stream is closed anyway. */
export const CLOSE_WAIT_MS = 15_000;

/** The stream's TCP socket, to write a delta's media and mark frames with one syscall. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

export function runBridge(twilio: WebSocket, deps: BridgeDeps, refuse?: EndReason, socket?: Corkable): BridgeHandle {
  const clock = deps.clock ?? (() => new Date());
  const timers = deps.timers ?? realTimers;
  const idleMs = (deps.idleSeconds ?? 12) * 1000;
  let log = deps.logger;
  let streamSid = '';
  let callSid = '';
  let lang: Lang = 'de-DE';
  let engine: EngineSession | null = null;
  let playback = initialPlayback;
  let keypad = initialKeypad;
  let ended = false;
  let ready = false;
  let started = false;
  let release: (() => void) | null = null;
  let badPayloads = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const writes: Promise<unknown>[] = [];
  /** The leg's row exists once this resolves: every later write of the leg waits for it. */
  let legStarted: Promise<unknown> = Promise.resolve();
  /** Responses that called a tool: once done, the engine is asked to speak about the result. */
  const toolResponses = new Map<string, { results: number; done: boolean }>();
  let toolsRunning = 0;
  /** A tool's answer is in: ask for a response as soon as none is active (a filler may be). */
  let respondPending = false;
  /**
   * When each conversation item began: the caller's at speech start, Liza's at her first audio.
   * A caller's transcript arrives late (transcription runs after the turn), so stamping lines
   * with these times keeps the stored conversation in the order it was spoken.
   */
  const itemStart = new Map<string, Date>();
  /** Liza's transcripts held until the caller has heard the item (or a barge-in cut it). */
  const heldTranscripts = new Map<string, { text: string; at: Date }>();
  /** Items cut by a barge-in: bytes played of bytes sent. */
  const cutItems = new Map<string, { played: number; sent: number }>();
  let lastAudioItem = '';
  let corked = false;
  let keys = 0;
  /** Decided by a tool (or silence): the leg ends with this once the last words have played. */
  let closing: EndReason | null = null;
  let idleTimer: TimerHandle;
  let idlePrompts = 0;
  let capTimer: TimerHandle;
  let closeTimer: TimerHandle;
  // Latency of the turn in progress (performance.now() milliseconds).
  let turnStop: number | null = null;
  let turnMark: { name: string; turn: Turn; stop: number } | null = null;
  const turns: Turn[] = [];
  const startTimer = timers.setTimeout(() => end('no_start'), START_TIMEOUT_MS);

  let slow = false;
  const sendTwilio = (s: string) => {
    if (twilio.readyState !== 1 || slow) return;
    twilio.send(s);
    if (twilio.bufferedAmount > MAX_TWILIO_BUFFERED_BYTES) {
      slow = true;
      log.warn({ bufferedBytes: twilio.bufferedAmount }, 'twilio media socket stopped reading: ending the leg');
      end('twilio_slow');
    }
  };
  const record = (p: Promise<unknown>) => writes.push(p.catch((err: Error) => log.warn({ err: err.message }, 'store write failed')));
  const recordLeg = (write: () => Promise<unknown>) => record(legStarted.then(write));

  function apply(input: PlaybackInput) {
    const r = playbackStep(playback, input);
    const before = playback;
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
    for (const e of r.effects) {
      if (e.type === 'engine_truncate') {
        const sent = before.items.find((i) => i.id === e.itemId)?.sent ?? 0;
        cutItems.set(e.itemId, { played: e.audioEndMs * BYTES_PER_MS, sent });
      }
      effect(e);
    }
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

  /** Nothing is playing or being said: Liza has finished speaking. */
  const quiet = () => playback.activeResponse === null && playback.marks.length === 0;

  /** Stores Liza's held lines the caller has now heard (all of them at the end), cut where a barge-in cut them. */
  function releaseTranscripts(all = false) {
    for (const [itemId, h] of heldTranscripts) {
      const cut = cutItems.get(itemId);
      const item = playback.items.find((i) => i.id === itemId);
      if (!all && !cut && item && item.played < item.sent) continue;
      // Only a barge-in cuts a line: at a hang-up the caller was there for what had played, and
      // Twilio's last marks are not echoed, so the line is kept whole.
      const text = cut ? heardText(h.text, cut.played, cut.sent) : h.text;
      heldTranscripts.delete(itemId);
      cutItems.delete(itemId);
      if (text.trim()) {
        record(deps.store.addCallEvent(callSid, { key: `ai:${itemId}:assistant`, kind: 'ai', step: 'assistant', text, detail: cut ? { cut: true } : undefined, at: h.at }));
      }
    }
  }

  /** After every change that may leave the line quiet: close a decided end, or wait for the caller. */
  function settle() {
    if (ended || !ready) return;
    if (closing) {
      if (quiet()) end(closing);
      return;
    }
    if (respondPending && playback.activeResponse === null) {
      respondPending = false;
      engine?.createResponse();
      return;
    }
    if (quiet() && toolsRunning === 0 && !respondPending) armIdle();
  }
  function armIdle() {
    timers.clearTimeout(idleTimer);
    idleTimer = timers.setTimeout(onIdle, idleMs);
  }
  function disarmIdle() {
    timers.clearTimeout(idleTimer);
    idleTimer = undefined;
  }
  function onIdle() {
    idleTimer = undefined;
    if (ended || closing || !quiet() || toolsRunning > 0) return;
    idlePrompts++;
    record(deps.store.addCallEvent(callSid, { key: `ai:idle:${streamSid}:${idlePrompts}`, kind: 'ai', step: 'idle', detail: { prompt: idlePrompts }, at: clock() }));
    if (idlePrompts === 1) return engine?.tellModel(TELL.stillThere);
    // Second silence: a goodbye, then back to the menu once it has played.
    closeAfterWords('idle');
    engine?.tellModel(TELL.idleGoodbye);
  }

  /** Ends the leg once Liza's last words have played (Twilio's mark), bounded by CLOSE_WAIT_MS. */
  function closeAfterWords(reason: EndReason) {
    if (closing || ended) return;
    closing = reason;
    disarmIdle();
    // Stored now, first write wins: a hang-up during the goodbye does not change how it ended.
    if (streamSid) recordLeg(() => deps.store.endAiLeg(streamSid, reason, clock()));
    closeTimer = timers.setTimeout(() => end(reason), CLOSE_WAIT_MS);
    // Not settled here: the response that called the tool is still active (its done settles).
  }

  function end(reason: EndReason) {
    if (ended) return;
    ended = true;
    timers.clearTimeout(startTimer);
    timers.clearTimeout(capTimer);
    release?.();
    release = null;
    timers.clearTimeout(closeTimer);
    disarmIdle();
    reportTurn();
    engine?.close();
    if (callSid) {
      releaseTranscripts(true);
      record(deps.store.addCallEvent(callSid, { key: `ai:ended:${streamSid}`, kind: 'ai', step: 'ended', detail: { reason }, at: clock() }));
    }
    let stood: Promise<unknown> = Promise.resolve();
    if (streamSid) {
      // The reason is in the store before the stream closes: the <Connect action> Twilio requests
      // on the close (/webhook/stream_end) then reads it, never a stale one.
      const s = summarise(turns);
      stood = legStarted.then(() => deps.store.endAiLeg(streamSid, reason, clock())).catch((err: Error) => log.warn({ err: err.message }, 'ai leg end not stored'));
      writes.push(stood);
      recordLeg(() => deps.store.setAiLatency(streamSid, s));
    }
    void stood.then(() => {
      // No dead air: closing the stream makes Twilio request the <Connect action>, which goes on
      // from the stored reason (help menu, staff, goodbye).
      // A socket that stopped reading takes no close frame either: it is cut.
      if (slow) return twilio.terminate();
      if (twilio.readyState === 1) {
        if (reason !== 'hangup' && reason !== 'end_call' && reason !== 'transfer_to_staff' && reason !== 'idle') sendTwilio(formatClear(streamSid));
        twilio.close(1000);
      }
    });
    log.info({ reason }, 'ai stream ended');
    deps.onEnd?.(reason);
    void stood.then(() => Promise.all(writes)).then(() => resolveDone());
  }

  function onEngine(ev: EngineEvent) {
    switch (ev.type) {
      case 'audio_delta': {
        if (closing === null && idleTimer !== undefined) disarmIdle();
        if (ev.itemId !== lastAudioItem) {
          lastAudioItem = ev.itemId;
          if (!itemStart.has(ev.itemId)) itemStart.set(ev.itemId, clock());
        }
        if (turnStop === null) {
          return apply({ type: 'audio_delta', responseId: ev.responseId, itemId: ev.itemId, payload: ev.payload, bytes: base64ByteLength(ev.payload) });
        }
        const arrived = performance.now();
        const seq = playback.seq;
        apply({ type: 'audio_delta', responseId: ev.responseId, itemId: ev.itemId, payload: ev.payload, bytes: base64ByteLength(ev.payload) });
        if (playback.seq !== seq) {
          const turn: Turn = { engineMs: arrived - turnStop, bridgeMs: performance.now() - arrived, playedMs: null };
          reportTurn();
          turnMark = { name: playback.marks[playback.marks.length - 1]!.name, turn, stop: turnStop };
          turns.push(turn);
          turnStop = null;
        }
        return;
      }
      case 'speech_started':
        if (ev.itemId) itemStart.set(ev.itemId, clock());
        idlePrompts = 0;
        disarmIdle();
        turnStop = null;
        reportTurn(); // its marks are about to be cleared (and echoed unplayed)
        apply({ type: 'speech_started' });
        releaseTranscripts();
        return;
      case 'speech_stopped':
        turnStop = performance.now();
        return;
      case 'response_started':
        disarmIdle();
        return apply({ type: 'response_started', responseId: ev.responseId });
      case 'response_done': {
        apply({ type: 'response_done', responseId: ev.responseId });
        if (ev.usage) {
          const u = ev.usage;
          deps.onUsage?.(u);
          recordLeg(() => deps.store.addAiUsage(streamSid, u));
        }
        const t = toolResponses.get(ev.responseId);
        if (t) {
          t.done = true;
          if (t.results > 0) respondAfterTools(ev.responseId);
        }
        return settle();
      }
      case 'transcript': {
        const at = itemStart.get(ev.itemId) ?? clock();
        itemStart.delete(ev.itemId);
        if (!ev.text.trim()) return;
        if (ev.role === 'assistant') {
          // Kept until the caller has heard it: a barge-in cuts it to what they heard.
          heldTranscripts.set(ev.itemId, { text: ev.text, at });
          return releaseTranscripts();
        }
        record(deps.store.addCallEvent(callSid, { key: `ai:${ev.itemId}:${ev.role}`, kind: 'ai', step: ev.role, text: ev.text, at }));
        return;
      }
      case 'tool_call':
        return onToolCall(ev);
      case 'closed':
        if (ev.reason !== 'closed_by_us') {
          log.warn({ reason: ev.reason, detail: ev.detail }, 'engine session ended');
          end(ev.reason);
        }
        return;
      case 'ready':
        ready = true;
        return;
      case 'warning':
        return;
    }
  }

  function onToolCall(ev: Extract<EngineEvent, { type: 'tool_call' }>) {
    disarmIdle();
    record(deps.store.addCallEvent(callSid, { key: `ai:tool:${ev.callId}`, kind: 'ai', step: 'tool', detail: { name: ev.name }, at: clock() }));
    if (ev.name === END_CALL_TOOL) return closeAfterWords('end_call');
    if (ev.name === TRANSFER_TOOL && deps.staffEnabled) return closeAfterWords('transfer_to_staff');
    const t = toolResponses.get(ev.responseId) ?? { results: 0, done: false };
    toolResponses.set(ev.responseId, t);
    toolsRunning++;
    // A slow lookup is not dead air: past SLOW_TOOL_MS the model says a short filler.
    const slow = ev.name === LOOKUP_ORDER_TOOL ? timers.setTimeout(() => {
      if (!ended && !closing && playback.activeResponse === null) engine?.createResponse(TELL.filler);
    }, SLOW_TOOL_MS) : undefined;
    void answerTool(deps.store, lang, ev.name, ev.arguments)
      .catch((err: Error) => {
        log.warn({ err: err.message, tool: ev.name }, 'tool failed');
        return LOOKUP_FAILED;
      })
      .then((output) => {
        timers.clearTimeout(slow);
        toolsRunning--;
        if (ended) return;
        engine?.toolResult(ev.callId, output);
        t.results++;
        if (t.done) respondAfterTools(ev.responseId);
        settle();
      });
  }
  function respondAfterTools(responseId: string) {
    toolResponses.delete(responseId);
    respondPending = true;
  }

  function onKey(digit: string) {
    disarmIdle();
    const r = keypadStep(keypad, digit);
    keypad = r.state;
    const n = ++keys;
    record(deps.store.addCallEvent(callSid, { key: `ai:dtmf:${streamSid}:${n}`, kind: 'ai', step: 'dtmf', digits: digit, detail: { action: r.action.type }, at: clock() }));
    const a = r.action;
    switch (a.type) {
      case 'menu':
        return end('caller_star');
      case 'staff':
        if (deps.staffEnabled) return end('transfer_to_staff');
        return engine?.tellModel(TELL.noStaff);
      case 'bad_order':
        return engine?.tellModel(TELL.keypadBadOrder(a.typed));
      case 'order':
        // The model never has to hear the digits: it is told the lookup's result.
        void lookupOrder(deps.store, lang, a.number)
          .catch((err: Error) => {
            log.warn({ err: err.message }, 'keypad order lookup failed');
            return LOOKUP_FAILED;
          })
          .then((result) => {
            if (!ended) engine?.tellModel(TELL.keypadOrder(a.number, result));
          });
        return;
      case 'none':
        return;
    }
  }

  /** The turn waiting for its played mark goes to the metrics (without it, if it never came). */
  function reportTurn() {
    if (turnMark) deps.onTurn?.(turnMark.turn);
    turnMark = null;
  }

  function onMark(name: string) {
    apply({ type: 'mark', name });
    if (turnMark && turnMark.name === name) {
      turnMark.turn.playedMs = performance.now() - turnMark.stop;
      reportTurn();
    }
    if (heldTranscripts.size > 0) releaseTranscripts();
    if (playback.marks.length === 0) settle();
  }

  /** Closes a stream that may not run, recording nothing: the call's live leg (if any) is not ours. */
  function refuseStream(why: string, detail: Record<string, unknown>) {
    ended = true;
    timers.clearTimeout(startTimer);
    log.warn(detail, `media stream refused: ${why}`);
    twilio.close(1008, why);
    resolveDone();
  }

  function onStart(m: Extract<ReturnType<typeof parseTwilioMessage>, { type: 'start' }>) {
    if (started) {
      // Twilio sends one `start` per stream; more are an attack (each used to open an engine
      // session). The stream ends, once, with its own reason.
      log.warn({ streamSid: m.streamSid }, 'second start on one media stream: ending it');
      return end('twilio_protocol');
    }
    started = true;
    timers.clearTimeout(startTimer);
    const sid = m.customParameters.call || m.callSid;
    const refused = deps.refuseStart?.(sid, m.customParameters.token);
    if (refused) return refuseStream(refused, { callSid: sid, streamSid: m.streamSid });
    if (deps.claimCall) {
      release = deps.claimCall(sid);
      if (!release) return refuseStream('call already streaming', { callSid: sid, streamSid: m.streamSid });
    }
    streamSid = m.streamSid;
    callSid = sid;
    const l = m.customParameters.lang;
    if (isLang(l)) lang = l;
    log = deps.logger.child({ callSid, streamSid });
    const at = clock();
    record(deps.store.addCallEvent(callSid, { key: `ai:started:${streamSid}`, kind: 'ai', step: 'started', detail: { lang }, at }));
    legStarted = deps.store.startAiLeg({ callSid, streamSid, at }).catch((err: Error) => log.warn({ err: err.message }, 'ai leg not stored'));
    if (refuse) return end(refuse);
    if (!deps.engine.configured) return end('engine_not_configured');
    engine = deps.engine.open({ callSid, lang, order: m.customParameters.order || null, tools: { transferToStaff: deps.staffEnabled === true }, onEvent: onEngine });
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
        return onMark(m.name);
      case 'dtmf':
        return onKey(m.digit);
      case 'start':
        return onStart(m);
      case 'unknown':
        // A media frame that is not base64 is dropped (never forwarded); told once per stream.
        if (m.event === 'media' && badPayloads++ === 0) log.warn({ reason: m.reason }, 'media frame dropped');
        return;
      case 'stop':
        return end('hangup');
      default:
        return;
    }
  });
  twilio.on('close', () => end('hangup'));
  // A broken socket is not the caller hanging up: its own reason, logged.
  twilio.on('error', (err: Error) => {
    log.warn({ err: err.message }, 'twilio media socket error');
    end('twilio_error');
  });

  return { done, end };
}
