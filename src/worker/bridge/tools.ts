// The tools Liza's AI may call, answered from the store in the caller's language.
import { ivrT } from '../../i18n/index.ts';
import type { Store } from '../../store/store.ts';
import type { Lang } from '../../domain/index.ts';
import { LOOKUP_ORDER_TOOL } from '../engine/session-config.ts';

function orderNumberOf(args: string): string | null {
  try {
    const v = (JSON.parse(args) as { order_number?: unknown }).order_number;
    const digits = (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '').replace(/\D/g, '');
    return digits.length >= 4 && digits.length <= 12 ? digits : null;
  } catch {
    return null;
  }
}

/** The JSON string handed back to the model as the function call's output. */
export async function answerTool(store: Pick<Store, 'getOrderByNumber'>, lang: Lang, name: string, args: string): Promise<string> {
  const t = ivrT(lang);
  if (name !== LOOKUP_ORDER_TOOL) return JSON.stringify({ error: `unknown tool ${name}` });
  const number = orderNumberOf(args);
  if (!number) return JSON.stringify({ found: false, message: t('order.error_too_short') });
  const order = await store.getOrderByNumber(number);
  if (!order) return JSON.stringify({ found: false, order_number: number, message: t('status.unknown') });
  return JSON.stringify({ found: true, order_number: order.number, status: order.status, message: t(`status.${order.status}`) });
}
