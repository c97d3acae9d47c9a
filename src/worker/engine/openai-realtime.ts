// The OpenAI Realtime (GA) adapter over a thin `ws` client. Not openai's OpenAIRealtimeWS: that one
// always rewrites the URL to wss://, and OPENAI_REALTIME_URL must accept ws:// for local fakes.
import { Buffer } from 'node:buffer';
import WebSocket from 'ws';
import type { Logger } from '../../log/logger.ts';
import { parseServerEvent, quickAudioDelta } from './openai-events.ts';
import type { Engine, EngineCloseReason, EngineEvent, EngineSession, EngineSessionOptions } from './port.ts';
import { buildSession } from './session-config.ts';
import type { Config } from '../../config/index.ts';
import { realTimers, type Timers } from '../timers.ts';
import { base64Length, decodeBase64Into, encodeBase64Into, isBase64 } from '../base64.ts';

export interface OpenAiRealtimeConfig {
  apiKey: string | null;
  url: string;
  model: string;
  transcribeModel: string;
  companyName: string;
  logger: Logger;
  /** How long to wait for a verified session (`session.updated`) before giving up (ms). */
  connectTimeoutMs?: number;
  /**
   * The connect timeout's timer (tests fire it by hand). The append sweep below stays a real
   * interval: it is a send cadence, not a deadline anything waits for.
   */
  timers?: Timers;
  /**
   * Caller frames (20 ms each) sent per `input_audio_buffer.append`. Default 5 (100 ms): every
   * WebSocket message is a write(2), the largest cost in the worker's profile, and 100 ms is small
   * next to server VAD's own prefix padding and silence window.
   */
  appendBatchFrames?: number;
}

/** Caller audio kept while connecting; past this the oldest goes (the connect timeout ends it sooner). */
const MAX_PENDING_FRAMES = 1500;

function realtimeUrl(base: string, model: string): string {
  const u = new URL(base);
  if (!u.searchParams.has('model')) u.searchParams.set('model', model);
  return u.toString();
}

/**
 * One append's caller audio, decoded as each frame arrives. Twilio's 160-byte frames end in
 * padding, so their strings cannot simply be concatenated; and holding the strings until the
 * batch is sent kept every frame's whole message alive (a slice keeps its parent) for up to 100 ms,
 * long enough to be promoted out of V8's young generation: at 200 calls, old-space garbage and GC
 * pauses. Decoded at once into the session's own buffer, each message dies young.
 */
class AudioBatch {
  private buf = Buffer.allocUnsafe(0);
  bytes = 0;
  frames = 0;
  private reserve(need: number): void {
    if (need > this.buf.length) {
      // Its own memory, not a slice of the shared pool: a long-lived slice would pin a whole pool slab.
      const grown = Buffer.allocUnsafeSlow(Math.max(need, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.bytes);
      this.buf = grown;
    }
  }
  add(b64: string): void {
    this.reserve(this.bytes + Math.ceil((b64.length * 3) / 4));
    this.bytes += this.buf.write(b64, this.bytes, 'base64');
    this.frames++;
  }
  /** add() from the base64 text in `src[start, end)`; false (nothing added) if it is not base64. */
  addBytes(src: Uint8Array, start: number, end: number): boolean {
    this.reserve(this.bytes + ((end - start) >> 2) * 3);
    const k = decodeBase64Into(src, start, end, this.buf, this.bytes);
    if (k < 0) return false;
    this.bytes += k;
    this.frames++;
    return true;
  }
  /**
   * The batch as the bytes of its `input_audio_buffer.append` (the audio base64, encoded straight
   * into the message: no string of it, nor of the message, on the JS heap), and empty again.
   * https://platform.openai.com/docs/api-reference/realtime-client-events/input_audio_buffer/append
   */
  take(): Buffer {
    const out = Buffer.allocUnsafe(APPEND_HEAD.length + base64Length(this.bytes) + APPEND_TAIL.length);
    APPEND_HEAD.copy(out, 0);
    const end = encodeBase64Into(this.buf, this.bytes, out, APPEND_HEAD.length);
    APPEND_TAIL.copy(out, end);
    this.bytes = 0;
    this.frames = 0;
    return out;
  }
}

const APPEND_HEAD = Buffer.from('{"type":"input_audio_buffer.append","audio":"');
const APPEND_TAIL = Buffer.from('"}');
/** ws sends a Buffer as a binary frame unless told otherwise; Realtime's client events are text. */
const TEXT = { binary: false };

/**
 * https://platform.openai.com/docs/guides/realtime-websocket
 */
/** The adapter's settings from the process config (the worker's main and its tests build it alike). */
export function realtimeConfigFrom(config: Config, logger: Logger): OpenAiRealtimeConfig {
  return {
    apiKey: config.openai.apiKey,
    url: config.openai.realtimeUrl,
    model: config.openai.realtimeModel,
    transcribeModel: config.openai.transcribeModel,
    companyName: config.companyName,
    logger,
  };
}

/** The audio format Twilio streams (µ-law 8 kHz), by its Realtime name. */
const PCMU = 'audio/pcmu';

/** The default wait for `session.updated` (the session verified). */
export const CONNECT_TIMEOUT_MS = 8000;

export function createOpenAiRealtimeEngine(cfg: OpenAiRealtimeConfig): Engine {
  const batchFrames = Math.max(1, cfg.appendBatchFrames ?? 5);
  const timers = cfg.timers ?? realTimers;
  // One sweep per engine, not a timer per batch: sends a batch that got no frame since the last
  // sweep (the caller's stream paused or ended), so the tail of what they said is never held back.
  const stale = new Set<() => void>();
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = () => {
    for (const f of stale) f();
    if (stale.size === 0) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };
  return {
    configured: Boolean(cfg.apiKey),
    open(opts: EngineSessionOptions): EngineSession {
      const log = cfg.logger.child({ callSid: opts.callSid });
      const ws = new WebSocket(realtimeUrl(cfg.url, cfg.model), {
        headers: { Authorization: `Bearer ${cfg.apiKey ?? ''}` },
        perMessageDeflate: false,
        skipUTF8Validation: true,
      });
      let ready = false;
      let configuring = false;
      let opened = false;
      let done = false;
      const pending: string[] = [];
      const batch = new AudioBatch();
      let fresh = false;
      // A delta's item id as a slice of its whole message would keep the message alive: the bridge
      // keeps the id in each pending mark until Twilio has played its audio (100 ms and more), long
      // enough for V8 to promote what it holds. So one flat copy per item, reused by all its deltas.
      const ids = { responseId: '', itemId: '' };
      const flushStale = () => {
        if (batch.frames > 0 && !fresh) flush();
        fresh = false;
      };

      const emit = (ev: EngineEvent) => {
        if (!done) opts.onEvent(ev);
      };
      const finish = (reason: EngineCloseReason, detail?: string) => {
        if (done) return;
        emit({ type: 'closed', reason, detail });
        done = true;
        stale.delete(flushStale);
        timers.clearTimeout(timer);
        if (ws.readyState === WebSocket.OPEN) ws.close(1000);
        else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      };
      const send = (s: string | Buffer) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(s, TEXT);
      };
      const sendJson = (o: unknown) => send(JSON.stringify(o));
      const flush = () => {
        if (batch.frames === 0) return;
        send(batch.take());
      };
      /** After a frame went into the batch: it is not stale, and a full batch goes out. */
      const added = () => {
        fresh = true;
        if (batch.frames >= batchFrames) flush();
      };

      const timer = timers.setTimeout(() => finish('engine_unreachable', 'no session.updated in time'), cfg.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);

      ws.on('open', () => {
        opened = true;
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (done || isBinary) return;
        // Nothing reaches the bridge before the session is verified (below): no audio to Twilio before it.
        const delta = ready ? quickAudioDelta(data, ids) : null;
        if (delta) return emit(delta);
        const ev = parseServerEvent(data.toString());
        if (!ev) return;
        if (ev.type === 'session_created') {
          if (configuring || ready) return;
          configuring = true;
          sendJson({ type: 'session.update', session: buildSession({ lang: opts.lang, company: cfg.companyName, order: opts.order, transcribeModel: cfg.transcribeModel, tools: opts.tools }) });
          return;
        }
        if (ev.type === 'session_updated') {
          if (ready || !configuring) return;
          // Ready only once the server confirms µ-law both ways: anything else would reach the
          // caller as noise (or not at all), so the leg ends and the caller is back in the menu.
          if (ev.inputFormat !== PCMU || ev.outputFormat !== PCMU) {
            log.warn({ input: ev.inputFormat, output: ev.outputFormat }, 'realtime session not in audio/pcmu');
            finish('engine_error', `session.updated with ${ev.inputFormat ?? 'no'} in, ${ev.outputFormat ?? 'no'} out`);
            return;
          }
          // Liza speaks first: a short greeting in the caller's language.
          sendJson({ type: 'response.create' });
          ready = true;
          timers.clearTimeout(timer);
          // Everything the caller said while we connected goes in now, in order.
          for (const payload of pending) {
            batch.add(payload);
            if (batch.frames >= batchFrames) flush();
          }
          flush();
          pending.length = 0;
          stale.add(flushStale);
          sweeper ??= setInterval(sweep, 40).unref();
          emit({ type: 'ready' });
          return;
        }
        if (ev.type === 'fatal' || (ev.type === 'request_error' && !ready)) {
          // Before `session.updated` every error is fatal: a refused session.update (a bad model
          // name, say) leaves a session that would talk in the wrong format or not at all.
          log.warn({ code: ev.code, message: ev.message, ready }, 'realtime engine error');
          finish('engine_error', `${ev.code}: ${ev.message}`);
          return;
        }
        if (ev.type === 'request_error') {
          log.debug({ code: ev.code, message: ev.message }, 'realtime engine warning');
          emit({ type: 'warning', code: ev.code, message: ev.message });
          return;
        }
        // Nothing reaches the bridge before the session is verified: no audio to Twilio before it.
        if (!ready) return;
        if (ev.type === 'warning') log.debug({ code: ev.code, message: ev.message }, 'realtime engine warning');
        if (ev.type === 'audio_delta') {
          if (ev.itemId !== ids.itemId) ids.itemId = Buffer.from(ev.itemId).toString();
          ev.itemId = ids.itemId;
        }
        emit(ev);
      });
      ws.on('error', (err) => {
        log.debug({ err: err.message }, 'realtime socket error');
        finish(opened ? 'engine_dropped' : 'engine_unreachable', err.message);
      });
      ws.on('close', (code) => finish(ready ? 'engine_dropped' : 'engine_unreachable', `socket closed (${code})`));

      return {
        appendAudio(payload) {
          // Pasted into the append's JSON below (no escaping needed, and none done): so only
          // base64 gets in, whatever the caller of this adapter checked.
          if (done || !isBase64(payload)) return;
          if (!ready) {
            if (pending.push(payload) > MAX_PENDING_FRAMES) pending.shift();
            log.debug({ held: pending.length }, 'caller audio held while the engine connects');
            return;
          }
          batch.add(payload);
          added();
        },
        appendAudioBytes(frame, start, end) {
          if (done || !ready || !batch.addBytes(frame, start, end)) return false;
          added();
          return true;
        },
        truncate(itemId, audioEndMs) {
          flush();
          sendJson({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: audioEndMs });
        },
        cancelResponse(responseId) {
          sendJson({ type: 'response.cancel', response_id: responseId });
        },
        toolResult(callId, output) {
          sendJson({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId, output } });
        },
        createResponse(instructions) {
          sendJson(instructions ? { type: 'response.create', response: { instructions } } : { type: 'response.create' });
        },
        tellModel(text) {
          // https://platform.openai.com/docs/api-reference/realtime-client-events/conversation/item/create
          sendJson({ type: 'conversation.item.create', item: { type: 'message', role: 'system', content: [{ type: 'input_text', text }] } });
          sendJson({ type: 'response.create' });
        },
        close() {
          finish('closed_by_us');
        },
      };
    },
  };
}
