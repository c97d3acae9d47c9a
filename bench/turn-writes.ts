import type { Store } from '../src/store/store.ts';

export type Kind = 'voice' | 'order_confirm';
export const KINDS: Kind[] = ['voice', 'order_confirm'];

let seq = 0;
/**
 * One call's turn as ivr-turn.ts writes it (bench:turn, bench:page-size, bench:webhook's store floor):
 * voice creates the call and its first event, order_confirm reads the order, then saves it as new on the call.
 */
export async function turn(store: Store, kind: Kind, sid: string): Promise<void> {
  const at = new Date(Date.UTC(2026, 11, 1) + seq++ * 1000);
  const call = { callSid: sid, fromMasked: '+44 7700 9•••••', toNumber: '+441234567890', language: 'en-GB' as const, at };
  if (kind === 'voice') {
    const detail = { outcome: 'started', lang: 'en-GB', next: 'menu', said: 'menu.welcome menu.options' };
    await store.applyTurn({ call, event: { key: 'ivr:0', kind: 'ivr', step: 'voice', digits: null, detail, at } });
    return;
  }
  const number = `B${sid.slice(2)}`;
  await store.getOrderByNumber(number); // the confirmation reads the order first (ivr-turn.ts `known`)
  const detail = { outcome: 'order_saved', lang: 'en-GB', next: 'end', said: 'order.saved status.noted' };
  await store.applyTurn({ call, event: { key: 'ivr:2', kind: 'ivr', step: 'order_confirm', digits: '1', detail, at }, saveOrder: { number } });
}
