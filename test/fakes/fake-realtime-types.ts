// The shapes of the fake OpenAI Realtime server (fake-realtime.ts) and its sessions (fake-realtime-session.ts).
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';

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
  /**
   * One response that calls a tool. With `audio`, Liza says it first in the same response (as the
   * real model does before `end_call`); `holdDone` delays its `response.done` until resolved.
   */
  toolCall(name: string, args: Record<string, unknown>, o?: { audio?: Buffer; chunkBytes?: number; holdDone?: Promise<void> }): Promise<{ callId: string; responseId: string; itemId: string }>;
  /** Sends the held `session.updated` (holdSessionUpdated). */
  confirmSession(): void;
  speechStopped(itemId?: string): void;
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
  /** Answer `session.update` with this `error` instead of `session.updated` (a bad model name, say). */
  refuseSessionUpdate?: { type?: string; code: string; message: string };
  /** Hold `session.updated` until the test calls the session's `confirmSession()`. */
  holdSessionUpdated?: boolean;
  /** The audio format `session.updated` reports each way (default: what the client asked for). */
  confirmFormat?: string;
  /** `usage` for every `response.done` (default: a realistic one derived from the audio sent). */
  usage?: Record<string, unknown> | null;
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
