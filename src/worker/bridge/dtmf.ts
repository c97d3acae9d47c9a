// The caller's keys during the AI conversation (keypad.ts decides; this acts): `*` back to the
// menu, `0` to staff, an order number ended by `#` looked up and told to the model.
import { record, type Leg } from './leg.ts';
import { keypadStep } from './keypad.ts';
import { disarmIdle } from './silence.ts';
import { LOOKUP_FAILED, lookupOrder, TELL } from './tools.ts';

export function onKey(leg: Leg, digit: string): void {
  disarmIdle(leg);
  const r = keypadStep(leg.keypad, digit);
  leg.keypad = r.state;
  const n = ++leg.keys;
  record(leg, leg.deps.store.addCallEvent(leg.callSid, { key: `ai:dtmf:${leg.streamSid}:${n}`, kind: 'ai', step: 'dtmf', digits: digit, detail: { action: r.action.type }, at: leg.clock() }));
  const a = r.action;
  switch (a.type) {
    case 'menu':
      return leg.end('caller_star');
    case 'staff':
      if (leg.deps.staffEnabled) return leg.end('transfer_to_staff');
      return leg.engine?.tellModel(TELL.noStaff);
    case 'bad_order':
      return leg.engine?.tellModel(TELL.keypadBadOrder(a.typed));
    case 'order':
      // The model never has to hear the digits: it is told the lookup's result.
      void lookupOrder(leg.deps.store, leg.lang, a.number)
        .catch((err: Error) => {
          leg.log.warn({ err: err.message }, 'keypad order lookup failed');
          return LOOKUP_FAILED;
        })
        .then((result) => {
          if (!leg.ended) leg.engine?.tellModel(TELL.keypadOrder(a.number, result));
        });
      return;
    case 'none':
      return;
  }
}
