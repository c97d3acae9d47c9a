// The tools Liza's AI may call, answered from the store in the caller's language, and what the
// bridge tells the model itself (keys typed, silence, a slow lookup).
import { ivrT } from '../../i18n/index.ts';
import type { Store } from '../../store/store.ts';
import type { Lang } from '../../domain/index.ts';
import { LOOKUP_ORDER_TOOL } from '../engine/session-config.ts';
import { ORDER_DIGITS } from './keypad.ts';

function orderNumberOf(args: string): string | null {
  try {
    const v = (JSON.parse(args) as { order_number?: unknown }).order_number;
    const digits = (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '').replace(/\D/g, '');
    return digits.length >= ORDER_DIGITS.min && digits.length <= ORDER_DIGITS.max ? digits : null;
  } catch {
    return null;
  }
}

/** An order's status as the model is told it (the sentence the IVR would say, in the caller's language). */
export async function lookupOrder(store: Pick<Store, 'getOrderByNumber'>, lang: Lang, number: string): Promise<string> {
  const t = ivrT(lang);
  const order = await store.getOrderByNumber(number);
  if (!order) return JSON.stringify({ found: false, order_number: number, message: t('status.unknown') });
  return JSON.stringify({ found: true, order_number: order.number, status: order.status, message: t(`status.${order.status}`) });
}

/** The lookup failed (the database, say): the model apologises rather than falling silent. */
export const LOOKUP_FAILED = JSON.stringify({
  error: 'lookup_failed',
  instruction: 'The order system could not be reached. Apologise briefly and offer to try again later or to pass the caller to staff.',
});

/** The JSON string handed back to the model as `lookup_order`'s output. */
export async function answerTool(store: Pick<Store, 'getOrderByNumber'>, lang: Lang, name: string, args: string): Promise<string> {
  if (name !== LOOKUP_ORDER_TOOL) return JSON.stringify({ error: `unknown tool ${name}` });
  const number = orderNumberOf(args);
  if (!number) return JSON.stringify({ found: false, message: ivrT(lang)('order.error_too_short') });
  return lookupOrder(store, lang, number);
}

// What the bridge tells the model (system messages; the model answers in the caller's language).
export const TELL = {
  keypadOrder: (number: string, result: string) =>
    `The caller typed order number ${number} on the keypad. The lookup result is ${result}. Tell the caller about this order.`,
  keypadBadOrder: (typed: string) =>
    `The caller typed ${typed.length} digit(s) on the keypad and pressed #, but an order number has ${ORDER_DIGITS.min} to ${ORDER_DIGITS.max} digits. Ask them briefly to type it again, followed by the hash key.`,
  noStaff: 'The caller pressed 0 to reach a member of staff, but that is not possible right now. Tell them so briefly and offer to help yourself.',
  stillThere: 'The caller has said nothing for a while. Ask once, briefly, whether they are still there.',
  idleGoodbye: 'The caller is still silent. Say a short goodbye; they will be taken back to the phone menu.',
  filler: 'In the language of this conversation, say only a very short filler such as "One moment, I am checking." and nothing else.',
} as const;
