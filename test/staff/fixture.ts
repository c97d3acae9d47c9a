// Builds realistic calls through the real store (the same writes the webhooks make).
import type { Store } from '../../src/store/store.ts';
import type { Lang } from '../../src/domain/index.ts';
import { maskNumber } from '../../src/telephony/phone.ts';

export interface FakeCall {
  sid: string;
  from: string;
  at: Date;
  lang?: Lang;
  callerName?: string | null;
  consent?: boolean;
  order?: string;
  digits?: string[];
  /** Seconds; leaves the call in progress when absent. */
  endAfter?: number;
}

export async function addCall(store: Store, c: FakeCall) {
  const base = { callSid: c.sid, fromMasked: maskNumber(c.from), toNumber: '+4930123456', language: c.lang ?? 'de-DE', at: c.at };
  const t = (s: number) => new Date(c.at.getTime() + s * 1000);
  let r = await store.applyTurn({ call: base, event: { key: 'ivr:0', kind: 'ivr', step: 'voice', detail: { outcome: 'greeting', said: ['greeting', 'consent.ask'] }, at: c.at } });
  if (c.consent !== undefined) {
    r = await store.applyTurn({
      call: base,
      event: { key: 'ivr:1', kind: 'ivr', step: 'consent', digits: c.consent ? '1' : '2', detail: { outcome: c.consent ? 'pressed_1' : 'pressed_2' }, at: t(8) },
      // The caller ID name is stored with the consent only (issue 15).
      consent: { given: c.consent, fromFull: c.consent ? c.from : null, callerName: c.callerName ?? null },
    });
  }
  if (c.order && c.consent) {
    await store.applyTurn({ call: base, event: { key: 'ivr:2', kind: 'ivr', step: 'order', digits: c.order, detail: { outcome: 'valid' }, at: t(20) } });
    await store.applyTurn({ call: base, event: { key: 'ivr:3', kind: 'ivr', step: 'order_confirm', digits: '1', detail: { outcome: 'pressed_1' }, at: t(26) }, saveOrder: { number: c.order } });
  }
  if (c.endAfter !== undefined) {
    await store.addCallEvent(c.sid, { key: 'status:completed', kind: 'twilio_status', step: 'completed', at: t(c.endAfter) });
    r.call = (await store.applyCallStatus({ callSid: c.sid, twilioStatus: 'completed', durationS: c.endAfter, at: t(c.endAfter) }))!;
  }
  return r.call;
}

/** `n` finished calls, one every `stepMin` minutes back from `end`, alternating language and consent. */
export async function addMany(store: Store, n: number, end: Date, stepMin = 30) {
  const langs: Lang[] = ['de-DE', 'en-GB', 'en-US'];
  const prefix: Record<Lang, string> = { 'de-DE': '+491512345', 'en-GB': '+4477009', 'en-US': '+1415555' };
  for (let i = 0; i < n; i++) {
    const lang = langs[i % 3]!;
    await addCall(store, {
      sid: `CAmany${String(i).padStart(6, '0')}`,
      from: `${prefix[lang]}${String(1000 + i).padStart(4, '0')}`,
      at: new Date(end.getTime() - i * stepMin * 60_000),
      lang,
      consent: i % 4 !== 3,
      order: i % 2 === 0 ? String(100000 + (i % 7)) : undefined,
      endAfter: 40 + (i % 5) * 10,
    });
  }
}
