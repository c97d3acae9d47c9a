import type { ConsentPromptText } from '../../privacy/consent-prompt.ts';
import type { Call, CallEvent, Consent, Lang, NewCallEvent, Order } from '../../domain/index.ts';

export interface NewCall {
  callSid: string;
  fromMasked: string;
  toNumber: string | null;
  language: Lang;
  at: Date;
}

/**
 * The caller's answer to the consent question, with its evidence. The full number and the
 * caller's name (caller ID) are stored only when `given`; a decline clears the name.
 */
export interface ConsentWrite {
  given: boolean;
  fromFull: string | null;
  callerName?: string | null;
  /** The key pressed. */
  digits?: string | null;
  /** The question as heard: stored once per language and hash (consent_prompts), then referenced. The IVR always sends it. */
  prompt?: ConsentPromptText;
}

/**
 * One IVR webhook turn, written atomically. Every part is idempotent, so a webhook that
 * Twilio retries changes nothing the second time (the event key repeats).
 */
export interface TurnWrite {
  call: NewCall;
  event: NewCallEvent;
  consent?: ConsentWrite;
  /**
   * Save (or link) the confirmed order number; an unknown number is created as `received`, from a
   * call (unconfirmed until the shop's data names it), with an audit entry by `call:<CallSid>`.
   */
  saveOrder?: { number: string };
  /** A confirmed number that is not an order (UNKNOWN_ORDERS=reject): remembered once per call, nothing created. */
  missedOrder?: { number: string };
  /** Look the order up without saving anything (hear the status again). */
  lookupOrder?: { number: string };
  /** The caller switched language: the call is in this one from now on (never with `consent`). */
  language?: Lang;
}

export interface TurnResult {
  call: Call;
  order: Order | null;
  /** False when the event key was already stored: a replayed webhook. */
  fresh: boolean;
}

/** Twilio's call status callback, already mapped to what we keep. */
export interface CallStatusUpdate {
  callSid: string;
  twilioStatus: string;
  durationS: number | null;
  at: Date;
}

export interface CallStore {
  applyTurn(turn: TurnWrite): Promise<TurnResult>;
  /** Adds one event to a call found by CallSid; false when the key existed or the call is unknown. */
  addCallEvent(callSid: string, event: NewCallEvent): Promise<boolean>;
  applyCallStatus(update: CallStatusUpdate): Promise<Call | null>;
  getCall(id: number): Promise<Call | null>;
  getCallBySid(callSid: string): Promise<Call | null>;
  listCallEvents(callId: number): Promise<CallEvent[]>;
  getConsent(callId: number): Promise<Consent | null>;
}
