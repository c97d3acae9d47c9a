import type { Lang } from './lang.ts';
import type { CallStatus } from './statuses.ts';

export interface Call {
  id: number;
  callSid: string;
  /** Always present; safe to show and to keep after a declined consent. */
  fromMasked: string;
  /** Only stored once the caller consented (GDPR). */
  fromFull: string | null;
  toNumber: string | null;
  callerName: string | null;
  language: Lang;
  status: CallStatus;
  startedAt: Date;
  endedAt: Date | null;
  durationS: number | null;
  /** `outbound`: a callback staff placed; its from_* fields hold the customer's number (the other party). */
  direction: CallDirection;
  /** Username of the staff member who placed an outbound call. */
  placedBy: string | null;
  /** Twilio's AnsweredBy for an outbound call (see ANSWERED_BY). */
  answeredBy: AnsweredBy | null;
  /** When retention or an erasure request removed the call's personal data; null while it has any. */
  erasedAt: Date | null;
}

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export const isCallDirection = (v: unknown): v is CallDirection => (CALL_DIRECTIONS as readonly unknown[]).includes(v);

/**
 * Twilio's answering-machine detection results; anything else counts as `unknown`.
 * https://www.twilio.com/docs/voice/answering-machine-detection#webhook-parameters
 */
export const ANSWERED_BY = ['human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown'] as const;
export type AnsweredBy = (typeof ANSWERED_BY)[number];
export const parseAnsweredBy = (v: string | undefined): AnsweredBy => ((ANSWERED_BY as readonly string[]).includes(v ?? '') ? (v as AnsweredBy) : 'unknown');

/** What kind of thing happened in a call; `ivr` is one webhook turn of the IVR. */
export type CallEventKind = 'ivr' | 'twilio_status' | 'recording' | 'ai' | 'staff' | 'control';

export interface CallEvent {
  id: number;
  callId: number;
  kind: CallEventKind;
  /** IVR node or event name, e.g. `consent`, `order`, `completed`, `user`, `assistant`. */
  step: string;
  /** Key presses as Twilio sent them (may be empty). */
  digits: string | null;
  /** Free text: a transcript line, an outcome. */
  text: string | null;
  /** Structured extras (prompt keys said, outcome). */
  detail: Record<string, unknown> | null;
  at: Date;
}

export interface NewCallEvent {
  /** Unique per call: a replayed webhook with the same key is ignored. */
  key: string;
  kind: CallEventKind;
  step: string;
  digits?: string | null;
  text?: string | null;
  detail?: Record<string, unknown> | null;
  at: Date;
}

export interface Consent {
  callId: number;
  given: boolean;
  at: Date;
  /** What was asked and answered; null for consents stored before evidence was kept. */
  evidence: ConsentEvidence | null;
}

/** The consent question as the caller heard it (consent_prompts) and the key they pressed. */
export interface ConsentEvidence {
  language: Lang;
  digits: string | null;
  /** 1, 2, … per language: each wording of the question callers heard, in the order first used. */
  promptVersion: number;
  /** SHA-256 (hex) of promptText. */
  promptHash: string;
  promptText: string;
  promptFirstUsedAt: Date;
}
