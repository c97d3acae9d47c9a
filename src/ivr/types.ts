import type { AiContinuation, Lang } from '../domain/index.ts';

/** The IVR's nodes; each is a webhook path (`/webhook/<node>`). */
export type NodeId = 'consent' | 'order' | 'order_confirm' | 'help';

/** Everything a turn needs to remember. It travels in the signed action URL's query string. */
export interface IvrState {
  node: NodeId;
  lang: Lang;
  /** Turn counter: makes each webhook's event key unique, so a Twilio retry is recognised. */
  seq: number;
  misses: number;
  /** The order number being confirmed, or the confirmed one (help menu). */
  order: string | null;
}

export interface IvrContext {
  aiEnabled: boolean;
  staffEnabled: boolean;
  /** UNKNOWN_ORDERS: a confirmed number that is no order is saved as noted (`create`, the default) or not found (`reject`). */
  unknownOrders?: 'create' | 'reject';
  /**
   * Whether the number being confirmed (`state.order`) is an order the shop (or staff) confirmed;
   * one only callers noted is not. The edge looks it up before the confirmation turn. Undefined:
   * not looked up (treated as known).
   */
  orderKnown?: boolean;
  /** The English a caller who switches to English hears: en-US for +1 numbers; default en-GB. */
  english?: 'en-GB' | 'en-US';
}

/** What arrived at a node's webhook. */
export type IvrInput =
  | { type: 'digits'; digits: string }
  /** The Gather timed out and Twilio fell through to our <Redirect>. */
  | { type: 'none' }
  /** The AI leg ended; `then` is how the call goes on, from the leg's recorded end reason (default: apology and menu). */
  | { type: 'ai_ended'; then?: AiContinuation }
  | { type: 'recorded' }
  | { type: 'dial_ended'; answered: boolean };

/**
 * One piece of speech: a locale key, digits read one by one, or the looked-up order status.
 * A text with `lang` is spoken in that language instead of the turn's (the offer to switch); a
 * text (or status) with `digits` reads them one by one where its sentence says `{{number}}`.
 */
export type Speech =
  | { type: 'text'; key: string; lang?: Lang; digits?: string }
  | { type: 'digits'; value: string }
  | { type: 'order_status'; digits?: string };

export type Verb =
  | { type: 'say'; speech: Speech[] }
  | { type: 'gather'; next: IvrState; numDigits?: number; finishOnKey: string; timeout: number; speech: Speech[] }
  | { type: 'hangup' }
  | { type: 'connect_ai'; next: IvrState }
  | { type: 'dial'; next: IvrState }
  | { type: 'record'; next: IvrState };

export type Effect =
  | { type: 'consent'; given: boolean }
  | { type: 'save_order'; number: string }
  | { type: 'lookup_order'; number: string }
  /** The caller chose another language: this turn and every later one speak it. */
  | { type: 'language'; lang: Lang }
  /** A confirmed number that is no order (UNKNOWN_ORDERS=reject): remembered, nothing created. */
  | { type: 'miss_order'; number: string };

export interface StepResult {
  /** Short machine word for the call timeline, e.g. `consent_given`, `invalid`, `no_input`. */
  outcome: string;
  effects: Effect[];
  verbs: Verb[];
}
