// The engine port: what the bridge needs from a realtime voice engine. The OpenAI Realtime adapter
// and the scripted fake implement it; the bridge never sees OpenAI's wire format.
import type { AiUsage, Lang } from '../../domain/index.ts';
import type { SessionTools } from './session-config.ts';

export type EngineEvent =
  /** The session is configured; audio appended before this was buffered, not lost. */
  | { type: 'ready' }
  /** Server VAD heard the caller start speaking. */
  | { type: 'speech_started'; itemId: string | null }
  /** Server VAD heard the caller stop: the start of Liza's answer latency. */
  | { type: 'speech_stopped' }
  | { type: 'response_started'; responseId: string }
  /** `usage`: the response's tokens, as `response.done` reports them (absent when it says none). */
  | { type: 'response_done'; responseId: string; status: string; usage?: AiUsage }
  /** base64 µ-law 8 kHz, passed through untouched. */
  /** `payload`: base64 µ-law, a string or its ASCII bytes (a view of the message: copy it to keep it). */
  | { type: 'audio_delta'; responseId: string; itemId: string; payload: string | Uint8Array }
  | { type: 'transcript'; role: 'user' | 'assistant'; itemId: string; text: string }
  | { type: 'tool_call'; callId: string; name: string; arguments: string; responseId: string }
  /** A problem the session survives (e.g. a cancel that raced the server's own). */
  | { type: 'warning'; code: string; message: string }
  /** The session is over and will emit nothing more. */
  | { type: 'closed'; reason: EngineCloseReason; detail?: string };

export type EngineCloseReason = 'engine_unreachable' | 'engine_error' | 'engine_dropped' | 'closed_by_us';

export interface EngineSessionOptions {
  callSid: string;
  lang: Lang;
  /** The order number the caller confirmed in the IVR, if any. */
  order: string | null;
  /** The acting tools offered to the model. */
  tools: SessionTools;
  onEvent: (ev: EngineEvent) => void;
}

export interface EngineSession {
  /** Caller audio (base64 µ-law). Safe to call before `ready`: it is buffered. */
  appendAudio(payload: string): void;
  /**
   * The hot path of appendAudio, optional: caller audio as base64 text in `frame[start, end)`,
   * decoded from the frame's bytes. False when not taken (not ready yet, closed, or not canonical
   * base64): the caller then goes the appendAudio way, which handles each of those.
   */
  appendAudioBytes?(frame: Uint8Array, start: number, end: number): boolean;
  /** Tell the engine how much of an assistant item the caller really heard. */
  truncate(itemId: string, audioEndMs: number): void;
  cancelResponse(responseId: string): void;
  /** Answer a tool call; `respond` asks the engine to speak about it. */
  toolResult(callId: string, output: string): void;
  /** Asks the model to speak; `instructions` replace the session's for this one response (a filler, a goodbye). */
  createResponse(instructions?: string): void;
  /**
   * Tells the model something the caller did not say (a key typed, silence): a system message in
   * the conversation, then a response about it.
   */
  tellModel(text: string): void;
  /** Closes at once, also while still connecting; emits `closed` with `closed_by_us` if not yet closed. */
  close(): void;
}

export interface Engine {
  /** False without credentials: streams are then ended at once so the caller returns to the menu. */
  readonly configured: boolean;
  open(opts: EngineSessionOptions): EngineSession;
}
