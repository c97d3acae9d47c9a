// A local stand-in for the OpenAI Realtime API (GA events) over a real WebSocket, for tests and
// benchmarks. It records what the client sends and lets the test script what the "model" says.
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { tracked } from '../helpers/wait.ts';

export type ClientEvent = { type: string; [k: string]: unknown };

export interface SpeakOptions {
  /** Bytes per `response.output_audio.delta` (default 800 = 100 ms). */
  chunkBytes?: number;
  /** Wait between deltas (default 0: as fast as the socket takes them, like the real API). */
  paceMs?: number;
  transcript?: string;
  /** Deltas still sent after a `response.cancel` arrives (the real API may have some in flight). */
  lateDeltas?: number;
  /** After this many deltas, wait for `resume` before sending the rest (the response is still going on meanwhile). */
  pauseAfter?: number;
  resume?: Promise<void>;
  /** Called right before each delta is sent (benchmarks stamp the time here). */
  onDelta?: (index: number) => void;
  responseId?: string;
  itemId?: string;
}

export interface FakeRealtimeSession {
  readonly id: number;
  readonly ws: WebSocket;
  /** Request headers of the upgrade (Authorization, …) and its URL. */
  readonly request: { url: string; headers: IncomingMessage['headers'] };
  /** Every client event except audio appends, in order. */
  readonly events: ClientEvent[];
  /** Caller audio appended so far, decoded. */
  audio(): Buffer;
  audioBytes(): number;
  appendCount(): number;
  /** The first client event (already sent or still to come) that matches. No deadline: see test/helpers/wait.ts. */
  waitForEvent(pred: (e: ClientEvent) => boolean): Promise<ClientEvent>;
  waitForAudio(minBytes: number): Promise<void>;
  /** Sends one assistant response with this audio; resolves when done (or cancelled). */
  speak(audio: Buffer, opts?: SpeakOptions): Promise<{ responseId: string; itemId: string; cancelled: boolean }>;
  /** VAD heard the caller; returns the user item id (pass it to userTranscript). */
  speechStarted(itemId?: string): string;
  userTranscript(itemId: string, text: string): void;
  toolCall(name: string, args: Record<string, unknown>): Promise<{ callId: string; responseId: string }>;
  send(ev: Record<string, unknown>): void;
  /** Kills the socket without a close handshake (a dropped connection). */
  drop(): void;
  readonly closed: Promise<void>;
}

export interface FakeRealtimeOptions {
  /** Holds each upgrade until the test calls `acceptHeld()` (a slow connect, as slow as the test needs). */
  holdAccepts?: boolean;
  /** Answer upgrades with this HTTP status instead (e.g. 401, 500). */
  refuseStatus?: number;
  /** Send `session.created` on connect (default true). */
  sendSessionCreated?: boolean;
  /** Benchmarks: count appended audio from the base64 length without parsing or keeping it (`audio()` stays empty). */
  countAudioOnly?: boolean;
  /** Listen address (default 127.0.0.1; the docker bridge's host side for containers). */
  host?: string;
}

export interface FakeRealtime {
  /** ws://127.0.0.1:PORT/v1/realtime: set OPENAI_REALTIME_URL to it. */
  readonly url: string;
  readonly sessions: FakeRealtimeSession[];
  /** Upgrade requests seen, accepted or not. */
  upgradeRequests(): number;
  /** Upgrades the fake tried to complete (after `acceptHeld()`), including those whose client had gone. */
  acceptAttempts(): number;
  /** Completes the upgrades held so far (`holdAccepts`). */
  acceptHeld(): void;
  /** Sessions whose socket is open right now. */
  openSessions(): number;
  nextSession(): Promise<FakeRealtimeSession>;
  close(): Promise<void>;
}

function waitUntil<T>(check: () => T | undefined, subscribe: (fn: () => void) => () => void, what: string): Promise<T> {
  return tracked(`fake realtime: ${what}`, (resolve) => {
    const now = check();
    if (now !== undefined) return resolve(now);
    const off = subscribe(() => {
      const v = check();
      if (v !== undefined) resolve(v);
    });
    return off;
  });
}

export async function startFakeRealtime(opts: FakeRealtimeOptions = {}): Promise<FakeRealtime> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const sessions: FakeRealtimeSession[] = [];
  const sessionWaiters = new Set<() => void>();
  let upgrades = 0;
  let attempts = 0;
  let seq = 0;
  const held: Array<() => void> = [];
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrades++;
    socket.on('error', () => socket.destroy());
    if (opts.refuseStatus) {
      socket.end(`HTTP/1.1 ${opts.refuseStatus} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const accept = () => {
      attempts++;
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => {
        const s = createSession(++seq, ws, req, opts.sendSessionCreated !== false, opts.countAudioOnly === true);
        sessions.push(s);
        for (const w of [...sessionWaiters]) w();
      });
    };
    if (opts.holdAccepts) held.push(accept);
    else accept();
  });
  const host = opts.host ?? '127.0.0.1';
  http.listen(0, host);
  await once(http, 'listening');
  const port = (http.address() as AddressInfo).port;
  let taken = 0;
  return {
    url: `ws://${host}:${port}/v1/realtime`,
    sessions,
    upgradeRequests: () => upgrades,
    acceptAttempts: () => attempts,
    acceptHeld() {
      for (const accept of held.splice(0)) accept();
    },
    openSessions: () => sessions.filter((s) => s.ws.readyState === s.ws.OPEN).length,
    nextSession() {
      return waitUntil(
        () => (sessions.length > taken ? sessions[taken++] : undefined),
        (fn) => (sessionWaiters.add(fn), () => sessionWaiters.delete(fn)),
        'a session',
      );
    },
    async close() {
      for (const s of sessions) s.ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  };
}

function createSession(id: number, ws: WebSocket, req: IncomingMessage, sendCreated: boolean, countOnly: boolean): FakeRealtimeSession {
  const events: ClientEvent[] = [];
  const audio: Buffer[] = [];
  let audioBytes = 0;
  let appends = 0;
  const listeners = new Set<() => void>();
  const cancelled = new Set<string>();
  let n = 0;
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const subscribe = (fn: () => void) => (listeners.add(fn), () => listeners.delete(fn));
  const send = (ev: Record<string, unknown>) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event_id: `event_${id}_${++n}`, ...ev }));
  };
  const closed = new Promise<void>((r) => ws.once('close', () => (notify(), r())));

  const APPEND = '{"type":"input_audio_buffer.append","audio":"';
  ws.on('message', (data: Buffer) => {
    if (countOnly && data.length > APPEND.length && data.toString('latin1', 0, APPEND.length) === APPEND) {
      const b64 = data.length - APPEND.length - 2;
      audioBytes += Math.floor((b64 * 3) / 4) - (data[data.length - 3] === 61 ? (data[data.length - 4] === 61 ? 2 : 1) : 0);
      appends++;
      return;
    }
    let ev: ClientEvent;
    try {
      ev = JSON.parse(data.toString()) as ClientEvent;
    } catch {
      return;
    }
    if (ev.type === 'input_audio_buffer.append' && typeof ev.audio === 'string') {
      const b = Buffer.from(ev.audio, 'base64');
      audio.push(b);
      audioBytes += b.length;
      appends++;
    } else {
      events.push(ev);
      if (ev.type === 'session.update') send({ type: 'session.updated', session: ev.session });
      if (ev.type === 'response.cancel' && typeof ev.response_id === 'string') cancelled.add(ev.response_id);
    }
    notify();
  });
  if (sendCreated) send({ type: 'session.created', session: { type: 'realtime', id: `sess_${id}`, model: 'gpt-realtime' } });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const session: FakeRealtimeSession = {
    id,
    ws,
    request: { url: req.url ?? '', headers: req.headers },
    events,
    audio: () => Buffer.concat(audio),
    audioBytes: () => audioBytes,
    appendCount: () => appends,
    waitForEvent(pred) {
      let seen = 0;
      return waitUntil(
        () => {
          for (; seen < events.length; seen++) if (pred(events[seen]!)) return events[seen]!;
          return undefined;
        },
        subscribe,
        `a client event ${pred}`,
      );
    },
    waitForAudio(minBytes) {
      return waitUntil(() => (audioBytes >= minBytes ? true : undefined), subscribe, `${minBytes} bytes of audio`).then(() => undefined);
    },
    async speak(pcm, o = {}) {
      const k = ++n;
      const responseId = o.responseId ?? `resp_${id}_${k}`;
      const itemId = o.itemId ?? `item_${id}_${k}`;
      const chunk = o.chunkBytes ?? 800;
      send({ type: 'response.created', response: { id: responseId, object: 'realtime.response', status: 'in_progress', output: [] } });
      send({ type: 'response.output_item.added', response_id: responseId, output_index: 0, item: { id: itemId, type: 'message', role: 'assistant' } });
      let late = -1;
      let i = 0;
      for (let off = 0; off < pcm.length; off += chunk, i++) {
        if (i === o.pauseAfter) await o.resume;
        if (cancelled.has(responseId)) {
          if (late < 0) late = o.lateDeltas ?? 0;
          if (late-- <= 0) break;
        }
        if (ws.readyState !== ws.OPEN) break;
        o.onDelta?.(i);
        send({ type: 'response.output_audio.delta', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0, delta: pcm.subarray(off, off + chunk).toString('base64') });
        if (o.paceMs) await sleep(o.paceMs);
        else if (i % 16 === 15) await sleep(0);
      }
      const wasCancelled = cancelled.has(responseId);
      send({ type: 'response.output_audio.done', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 });
      if (o.transcript !== undefined) {
        send({ type: 'response.output_audio_transcript.done', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0, transcript: o.transcript });
      }
      send({ type: 'response.done', response: { id: responseId, object: 'realtime.response', status: wasCancelled ? 'cancelled' : 'completed', output: [] } });
      return { responseId, itemId, cancelled: wasCancelled };
    },
    speechStarted(itemId = `item_user_${id}_${++n}`) {
      send({ type: 'input_audio_buffer.speech_started', audio_start_ms: 0, item_id: itemId });
      return itemId;
    },
    userTranscript(itemId, text) {
      send({ type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, content_index: 0, transcript: text });
    },
    async toolCall(name, args) {
      const k = ++n;
      const responseId = `resp_${id}_${k}`;
      const callId = `call_${id}_${k}`;
      send({ type: 'response.created', response: { id: responseId, status: 'in_progress', output: [] } });
      send({ type: 'response.function_call_arguments.done', response_id: responseId, item_id: `item_fc_${k}`, output_index: 0, call_id: callId, name, arguments: JSON.stringify(args) });
      send({ type: 'response.done', response: { id: responseId, status: 'completed', output: [] } });
      return { callId, responseId };
    },
    send,
    drop() {
      ws.terminate();
    },
    closed,
  };
  return session;
}
