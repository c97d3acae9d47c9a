import type { Store, TurnWrite } from '../../src/store/store.ts';
import type { Lang } from '../../src/domain/index.ts';

export const T0 = new Date('2026-03-02T10:00:00.000Z');
export const at = (s: number) => new Date(T0.getTime() + s * 1000);

/** One IVR turn of call `sid` as the edge writes it; `seq` makes the event key. */
export function turn(sid: string, seq: number, extra: Partial<TurnWrite> = {}, opts: { lang?: Lang; from?: string; t?: Date } = {}): TurnWrite {
  const t = opts.t ?? at(seq);
  return {
    call: { callSid: sid, fromMasked: opts.from ?? '+49151****78', toNumber: '+4930123456', language: opts.lang ?? 'de-DE', at: t },
    event: { key: `ivr:${seq}`, kind: 'ivr', step: `step${seq}`, digits: String(seq), text: null, detail: { said: [`p${seq}`] }, at: t },
    ...extra,
  };
}

/** A call that consented and saved `order`, as a caller's full journey leaves it. */
export async function consentedCallWithOrder(store: Store, sid: string, order: string, t = T0, from = '+4915112345678', lang: Lang = 'de-DE') {
  const o = { t, lang, from: from.slice(0, 6) + '****' + from.slice(-2) };
  await store.applyTurn(turn(sid, 1, {}, o));
  await store.applyTurn(turn(sid, 2, { consent: { given: true, fromFull: from } }, o));
  const r = await store.applyTurn(turn(sid, 3, { saveOrder: { number: order } }, o));
  return { call: r.call, order: r.order! };
}
