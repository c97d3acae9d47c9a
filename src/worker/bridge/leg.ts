// One AI leg's state, shared by the modules that handle its parts (start, both audio paths, the
// keypad, silence, tools, the end). A plain object rather than one closure, so each part lives in
// its own file; `end` is a hook set by runBridge, so no part imports the end-of-leg module back.
import type WebSocket from 'ws';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import type { AiEndReason, AiUsage, Lang } from '../../domain/index.ts';
import type { Engine, EngineSession } from '../engine/port.ts';
import { realTimers, type TimerHandle, type Timers } from '../timers.ts';
import type { Turn } from './latency.ts';
import { initialKeypad, type KeypadState } from './keypad.ts';
import { initialPlayback, type PlaybackState } from './playback.ts';

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

/** The stream's TCP socket, to write a delta's media and mark frames with one syscall. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

export interface Leg {
  readonly twilio: WebSocket;
  readonly socket: Corkable | undefined;
  readonly deps: BridgeDeps;
  /** Set when the stream is accepted only to be ended at `start` (over the cap, shutting down). */
  readonly refuse: EndReason | undefined;
  readonly clock: () => Date;
  readonly timers: Timers;
  readonly idleMs: number;
  /** Ends the leg once (end-of-leg.ts). */
  end: (reason: EndReason) => void;
  resolveDone: () => void;
  log: Logger;
  streamSid: string;
  /** The bytes of a media frame to Twilio before its payload (set at the first one, after `start`). */
  mediaHead: Buffer | null;
  callSid: string;
  lang: Lang;
  engine: EngineSession | null;
  playback: PlaybackState;
  keypad: KeypadState;
  keys: number;
  ended: boolean;
  /** The engine session is verified: silence and tool answers may act. */
  ready: boolean;
  started: boolean;
  /** Caller frames that arrived while the store admitted the stream (null: not admitting). */
  early: string[] | null;
  /** False once the store refused the stream at `start`: nothing of it is recorded then. */
  admitted: boolean;
  /** The Twilio socket stopped reading: nothing more is sent, and it is cut rather than closed. */
  slow: boolean;
  corked: boolean;
  release: (() => void) | null;
  badPayloads: number;
  readonly writes: Promise<unknown>[];
  /** The leg's row exists once this resolves: every later write of the leg waits for it. */
  legStarted: Promise<unknown>;
  /** Responses that called a tool: once done, the engine is asked to speak about the result. */
  readonly toolResponses: Map<string, { results: number; done: boolean }>;
  toolsRunning: number;
  /** A tool's answer is in: ask for a response as soon as none is active (a filler may be). */
  respondPending: boolean;
  /**
   * When each conversation item began: the caller's at speech start, Liza's at her first audio.
   * A caller's transcript arrives late (transcription runs after the turn), so stamping lines
   * with these times keeps the stored conversation in the order it was spoken.
   */
  readonly itemStart: Map<string, Date>;
  /** Liza's transcripts held until the caller has heard the item (or a barge-in cut it). */
  readonly heldTranscripts: Map<string, { text: string; at: Date }>;
  /** Items cut by a barge-in: bytes played of bytes sent. */
  readonly cutItems: Map<string, { played: number; sent: number }>;
  lastAudioItem: string;
  /** Decided by a tool (or silence): the leg ends with this once the last words have played. */
  closing: EndReason | null;
  idleTimer: TimerHandle;
  idlePrompts: number;
  startTimer: TimerHandle;
  capTimer: TimerHandle;
  closeTimer: TimerHandle;
  /** Latency of the turn in progress (performance.now() milliseconds). */
  turnStop: number | null;
  turnMark: { name: string; turn: Turn; stop: number } | null;
  readonly turns: Turn[];
}

export function createLeg(twilio: WebSocket, deps: BridgeDeps, refuse: EndReason | undefined, socket: Corkable | undefined): Leg {
  return {
    twilio, socket, deps, refuse,
    clock: deps.clock ?? (() => new Date()),
    timers: deps.timers ?? realTimers,
    idleMs: (deps.idleSeconds ?? 12) * 1000,
    end: () => {},
    resolveDone: () => {},
    log: deps.logger,
    streamSid: '',
    mediaHead: null,
    callSid: '',
    lang: 'de-DE',
    engine: null,
    playback: initialPlayback,
    keypad: initialKeypad,
    keys: 0,
    ended: false,
    admitted: true,
    early: null,
    ready: false,
    started: false,
    slow: false,
    corked: false,
    release: null,
    badPayloads: 0,
    writes: [],
    legStarted: Promise.resolve(),
    toolResponses: new Map(),
    toolsRunning: 0,
    respondPending: false,
    itemStart: new Map(),
    heldTranscripts: new Map(),
    cutItems: new Map(),
    lastAudioItem: '',
    closing: null,
    idleTimer: undefined,
    idlePrompts: 0,
    startTimer: undefined,
    capTimer: undefined,
    closeTimer: undefined,
    turnStop: null,
    turnMark: null,
    turns: [],
  };
}

/** A store write of the leg: awaited before `done`, a failure logged (never thrown at the call). */
export function record(leg: Leg, p: Promise<unknown>): void {
  leg.writes.push(p.catch((err: Error) => leg.log.warn({ err: err.message }, 'store write failed')));
}

/** A write to the leg's own row: after the row exists. */
export function recordLeg(leg: Leg, write: () => Promise<unknown>): void {
  record(leg, leg.legStarted.then(write));
}

/** Nothing is playing or being said: Liza has finished speaking. */
export function quiet(leg: Leg): boolean {
  return leg.playback.activeResponse === null && leg.playback.marks.length === 0;
}

/** The turn waiting for its played mark goes to the metrics (without it, if it never came). */
export function reportTurn(leg: Leg): void {
  if (leg.turnMark) leg.deps.onTurn?.(leg.turnMark.turn);
  leg.turnMark = null;
}
