import { ORDER_NUMBER, ORDER_STATUSES } from '../domain/index.ts';
import type { NodeId } from './types.ts';

/**
 * The IVR as data. `step()` interprets this table and the staff "call flow" page draws it, so
 * adding a menu option means adding a row here and its locale strings.
 */

/** Where a key press leads. */
export type Transition =
  /**
   * Go to a node, optionally saying something first and recording an effect. `forgetOrder` drops
   * a number that was entered but not confirmed, so the help menu never offers its status.
   */
  | {
      kind: 'goto';
      to: NodeId;
      say?: string[];
      effect?: 'consent_given' | 'save_order' | 'switch_language';
      forgetOrder?: true;
      /**
       * With UNKNOWN_ORDERS=reject, a number to save that is no order: `say` (the number read
       * inside it) and go to `to` without it. (With `create` it is saved, and noted as such.)
       */
      notFound?: { to: NodeId; say: string };
    }
  /** Say a farewell and hang up. */
  | { kind: 'end'; say: string; effect?: 'consent_declined' }
  /** A help-menu action that needs more than a jump. */
  | { kind: 'action'; action: 'repeat_status' | 'ai' | 'staff' | 'voicemail' };

export interface Choice {
  key: string;
  /** Locale key that announces the option in a menu; menus list only the options offered. */
  offer?: string;
  /** Announced instead of `offer` while the caller has no confirmed order (no status to repeat). */
  offerWithoutOrder?: string;
  /** `other`: the offer is spoken in the language the key switches to, so that caller understands it. */
  offerLang?: 'other';
  /** Offered and honoured only when the feature is configured. */
  requires?: 'ai' | 'staff';
  /** Said when the option is pressed while its feature is off; without it the key is invalid. */
  unavailable?: string;
  go: Transition;
}

export interface ChoiceInput {
  kind: 'choice';
  choices: Choice[];
  /** Said before the question again after an invalid key (and after no key, without `silence`). */
  retry: string;
  /** Said before the question again when no key was pressed (the Gather timed out). */
  silence?: string;
}

export interface NumberInput {
  kind: 'number';
  minDigits: number;
  maxDigits: number;
  /** Locale keys for each way an entry can be wrong. */
  errors: Record<'empty' | 'too_short' | 'too_long' | 'not_digits', string>;
  valid: { to: NodeId };
}

export interface FlowNode {
  id: NodeId;
  /** What the node says when it asks; `{digits: 'order'}` reads the order number digit by digit. */
  prompt: Array<string | { digits: 'order' }>;
  input: ChoiceInput | NumberInput;
  /** Seconds Twilio waits for the first/next key. */
  timeout: number;
  /** After this many misses in a row the caller is not asked again. */
  maxMisses: number;
  exhausted: Transition;
}

export const MAX_MISSES = 3;

export const FLOW: Record<NodeId, FlowNode> = {
  consent: {
    id: 'consent',
    prompt: ['consent.ask'],
    input: {
      kind: 'choice',
      retry: 'consent.retry',
      choices: [
        { key: '1', go: { kind: 'goto', to: 'order', say: ['consent.thanks'], effect: 'consent_given' } },
        { key: '2', go: { kind: 'end', say: 'consent.declined', effect: 'consent_declined' } },
        // Offered in the other language: a caller who does not understand this one can still follow it.
        { key: '8', offer: 'consent.switch_offer', offerLang: 'other', go: { kind: 'goto', to: 'consent', say: ['greeting'], effect: 'switch_language' } },
      ],
    },
    timeout: 8,
    maxMisses: MAX_MISSES,
    exhausted: { kind: 'end', say: 'consent.no_answer' },
  },
  order: {
    id: 'order',
    prompt: ['order.ask'],
    input: {
      kind: 'number',
      minDigits: ORDER_NUMBER.minDigits,
      maxDigits: ORDER_NUMBER.maxDigits,
      errors: {
        empty: 'order.error_empty',
        too_short: 'order.error_too_short',
        too_long: 'order.error_too_long',
        not_digits: 'order.error_not_digits',
      },
      valid: { to: 'order_confirm' },
    },
    timeout: 10,
    maxMisses: MAX_MISSES,
    exhausted: { kind: 'goto', to: 'help', say: ['order.exhausted'] },
  },
  order_confirm: {
    id: 'order_confirm',
    prompt: ['confirm.you_entered', { digits: 'order' }, 'confirm.ask'],
    input: {
      kind: 'choice',
      retry: 'confirm.retry',
      choices: [
        // Not found: the help menu, whose 1 then offers to enter a number again.
        { key: '1', go: { kind: 'goto', to: 'help', effect: 'save_order', notFound: { to: 'help', say: 'order.not_found' } } },
        { key: '2', go: { kind: 'goto', to: 'order', say: ['confirm.again'], forgetOrder: true } },
      ],
    },
    timeout: 8,
    maxMisses: MAX_MISSES,
    exhausted: { kind: 'goto', to: 'help', say: ['confirm.exhausted'], forgetOrder: true },
  },
  help: {
    id: 'help',
    prompt: ['help.intro'],
    input: {
      kind: 'choice',
      retry: 'help.invalid',
      silence: 'help.silence',
      choices: [
        { key: '1', offer: 'help.offer_repeat', offerWithoutOrder: 'help.offer_enter_order', go: { kind: 'action', action: 'repeat_status' } },
        { key: '2', offer: 'help.offer_ai', requires: 'ai', unavailable: 'help.ai_unavailable', go: { kind: 'action', action: 'ai' } },
        { key: '3', offer: 'help.offer_staff', requires: 'staff', go: { kind: 'action', action: 'staff' } },
        { key: '4', offer: 'help.offer_voicemail', go: { kind: 'action', action: 'voicemail' } },
        { key: '9', offer: 'help.offer_goodbye', go: { kind: 'end', say: 'common.goodbye' } },
      ],
    },
    timeout: 8,
    maxMisses: MAX_MISSES,
    exhausted: { kind: 'end', say: 'help.exhausted' },
  },
};

/** What the IVR says outside the table above: by step() itself, the apology, and the order statuses (the staff flow page lists these on their own). */
export const PROMPTS_OUTSIDE_TABLE: readonly string[] = ['greeting', 'status.unknown', 'status.noted', 'common.apology', 'common.goodbye', 'help.no_order', 'help.ai_ended',
  'help.staff_connecting', 'help.staff_unavailable', 'voicemail.instructions', 'voicemail.thanks', ...ORDER_STATUSES.map((s) => `status.${s}`),
  // A callback staff placed (ivr/outbound.ts).
  'outbound.greeting', 'outbound.greeting_no_order', 'outbound.machine', 'outbound.machine_no_order', 'outbound.call_back'];

/** Every locale key the flow can say, for the static completeness test and the flow page. */
export function flowPromptKeys(): string[] {
  const keys = new Set<string>(PROMPTS_OUTSIDE_TABLE);
  const addT = (t: Transition) => {
    if (t.kind === 'goto') {
      t.say?.forEach((k) => keys.add(k));
      if (t.notFound) keys.add(t.notFound.say);
    }
    if (t.kind === 'end') keys.add(t.say);
  };
  for (const node of Object.values(FLOW)) {
    node.prompt.forEach((p) => typeof p === 'string' && keys.add(p));
    addT(node.exhausted);
    if (node.input.kind === 'choice') {
      keys.add(node.input.retry);
      if (node.input.silence) keys.add(node.input.silence);
      for (const c of node.input.choices) {
        for (const k of [c.offer, c.offerWithoutOrder, c.unavailable]) if (k) keys.add(k);
        addT(c.go);
      }
    } else Object.values(node.input.errors).forEach((k) => keys.add(k));
  }
  return [...keys];
}
