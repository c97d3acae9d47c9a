// The caller's keypad during the AI conversation, as a pure reducer over Twilio `dtmf` messages.
// https://www.twilio.com/docs/voice/media-streams/websocket-messages#dtmf-message

export interface KeypadState {
  /** Digits typed since the last `#`, `*` or `0` alone. */
  digits: string;
}

export type KeypadAction =
  /** `*`: back to the help menu at once. */
  | { type: 'menu' }
  /** `0` alone: to a member of staff. */
  | { type: 'staff' }
  /** Digits ended by `#`: an order number (4 to 12 digits, as in the IVR), or why not. */
  | { type: 'order'; number: string }
  | { type: 'bad_order'; typed: string }
  /** A digit kept for a number still being typed. */
  | { type: 'none' };

export const initialKeypad: KeypadState = { digits: '' };

/** The IVR's order-number rule (ivr/flow.ts): 4 to 12 digits. */
export const ORDER_DIGITS = { min: 4, max: 12 } as const;

export function keypadStep(s: KeypadState, key: string): { state: KeypadState; action: KeypadAction } {
  if (key === '*') return { state: initialKeypad, action: { type: 'menu' } };
  if (key === '#') {
    const typed = s.digits;
    const ok = typed.length >= ORDER_DIGITS.min && typed.length <= ORDER_DIGITS.max;
    return { state: initialKeypad, action: ok ? { type: 'order', number: typed } : { type: 'bad_order', typed } };
  }
  // `0` as the first key is the staff key; inside a number it is a digit (order 1024).
  if (key === '0' && s.digits === '') return { state: s, action: { type: 'staff' } };
  if (/^\d$/.test(key)) return { state: { digits: (s.digits + key).slice(-(ORDER_DIGITS.max + 1)) }, action: { type: 'none' } };
  return { state: s, action: { type: 'none' } };
}
