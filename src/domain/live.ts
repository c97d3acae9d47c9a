// Where a caller on the line is right now, for the dashboard's live panel: read from the call's
// latest event of the IVR or the AI leg, so it needs no state of its own.
import type { CallRow } from './staff-lists.ts';

export type LivePlace =
  /** In the phone menu; `node` is the question being asked (consent, order, order_confirm, help). */
  | { kind: 'ivr'; node: string | null }
  | { kind: 'ai' }
  /** Being put through to (or talking with) a staff member. */
  | { kind: 'staff' }
  | { kind: 'voicemail' }
  /** Hearing a goodbye: the call ends in a moment. */
  | { kind: 'ending' };

export interface LiveCall extends CallRow {
  place: LivePlace;
}

/** The parts of a call event that tell where the caller went next. */
export interface PlaceEvent {
  kind: string;
  step: string;
  detail: Record<string, unknown> | null;
}

const NODES = new Set(['consent', 'order', 'order_confirm', 'help']);

/** The event kinds that can move a caller (the rest, e.g. Twilio's status callbacks, never do). */
export const PLACE_EVENT_KINDS = ['ivr', 'ai', 'control'] as const;

/** Whether `e` says where the caller is: IVR and AI events do; staff's call control only when it names `next`. */
export function placesCaller(e: PlaceEvent): boolean {
  if (e.kind === 'control') return typeof e.detail?.next === 'string';
  return e.kind === 'ivr' || e.kind === 'ai';
}

/** The caller's place after `e` (their latest IVR or AI event); null: no event yet (just rang). */
export function livePlaceOf(e: PlaceEvent | null): LivePlace {
  if (!e) return { kind: 'ivr', node: null };
  if (e.kind === 'ai') return e.step === 'ended' ? { kind: 'ivr', node: 'help' } : { kind: 'ai' };
  // The IVR turn records where it sent the caller (`next`, see edge/ivr-turn.ts); so does staff's
  // call control (a transfer: `dial`, a hang-up: `hangup`). An event without `next` keeps the place.
  const next = typeof e.detail?.next === 'string' ? e.detail.next : null;
  if (next === 'connect_ai') return { kind: 'ai' };
  if (next === 'dial') return { kind: 'staff' };
  if (next === 'record') return { kind: 'voicemail' };
  if (next === 'hangup' || next === 'end') return { kind: 'ending' };
  return { kind: 'ivr', node: next && NODES.has(next) ? next : null };
}
