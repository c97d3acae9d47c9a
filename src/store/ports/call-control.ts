import type { AnsweredBy, Call, Lang } from '../../domain/index.ts';

/** A callback about to be placed: reserved in the store before Twilio is asked, so a double click finds it. */
export interface NewCallback {
  /** The form's one-time key (one per page render). */
  key: string;
  placedBy: string;
  /** The consented call whose stored number is rung. */
  sourceCallId: number;
  /** The order the callback is about (linked to the new call), if any. */
  orderId: number | null;
  /** Customer number (E.164) and its masked form; stored as the call's other party (from_*). */
  toFull: string;
  toMasked: string;
  /** TWILIO_PHONE_NUMBER. */
  fromNumber: string;
  language: Lang;
  at: Date;
  /** CALLBACK_LIMIT_PER_HOUR: callbacks `placedBy` placed in the hour before `at`. */
  limitPerHour: number;
}

export type CallbackReservation =
  | { kind: 'reserved'; call: Call }
  /** The key was used already: the call the first click placed (or is placing). */
  | { kind: 'duplicate'; call: Call }
  | { kind: 'limited'; placed: number };

/** Hang-up, transfer or callback placed: audited and on the call's timeline in one transaction. */
export interface CallControlEntry {
  callId: number;
  action: 'callback_placed' | 'hangup' | 'transfer' | 'answered';
  actor: string;
  at: Date;
  text?: string | null;
  detail?: Record<string, unknown>;
}

export interface CallControlStore {
  reserveCallback(c: NewCallback): Promise<CallbackReservation>;
  /** Twilio accepted the call: its CallSid replaces the placeholder; audit + timeline entry + order link. */
  confirmCallback(callId: number, callSid: string, entry: Omit<CallControlEntry, 'callId' | 'action'>): Promise<Call | null>;
  /**
   * A status callback that names our call id beat the REST answer: the call takes Twilio's CallSid
   * now, if it still holds its placeholder. True when it did; confirmCallback later sets the same.
   */
  adoptCallbackSid(callId: number, callSid: string): Promise<boolean>;
  /** Twilio refused: the reserved row goes (nothing half-written stays behind). */
  abandonCallback(callId: number): Promise<void>;
  /** The outbound webhook's AnsweredBy (first one wins: a retried webhook changes nothing). */
  setAnsweredBy(callId: number, answeredBy: AnsweredBy): Promise<Call | null>;
  recordCallControl(e: CallControlEntry): Promise<void>;
}

/** The CallSid an outbound call holds until Twilio gives it one. */
export const pendingSid = (key: string) => `pending:${key}`;
