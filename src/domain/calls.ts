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
  /** When retention or an erasure request removed the call's personal data; null while it has any. */
  erasedAt: Date | null;
}

/** What kind of thing happened in a call; `ivr` is one webhook turn of the IVR. */
export type CallEventKind = 'ivr' | 'twilio_status' | 'recording' | 'ai' | 'staff';

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
