import { describe, expect, it } from 'vitest';
import type { NewCallback } from '../../src/store/store.ts';
import type { Ctx } from './contract.ts';
import { at, consentedCallWithOrder, T0 } from './fixtures.ts';

const page = { offset: 0, limit: 50, countCap: 1000 };

export function callControlContract(store: Ctx): void {
  describe('calls: outbound callbacks and call control', () => {
    const callback = async (key: string, extra: Partial<NewCallback> = {}) => {
      const { call, order } = await consentedCallWithOrder(store(), `CA-src-${key}`, '12345', T0, '+4915112345678', 'en-GB');
      const c: NewCallback = {
        key, placedBy: 'anna', sourceCallId: call.id, orderId: order.id, toFull: '+4915112345678', toMasked: '+49 ••••••••78',
        fromNumber: '+4930999999', language: call.language, at: at(60), limitPerHour: 30, ...extra,
      };
      return { c, source: call, order };
    };

    it('a reserved callback is an outbound call of the staff user, linked to the order, listed apart', async () => {
      const { c, order } = await callback('k1');
      const r = await store().reserveCallback(c);
      expect(r.kind).toBe('reserved');
      if (r.kind !== 'reserved') return;
      expect(r.call).toMatchObject({ direction: 'outbound', placedBy: 'anna', answeredBy: null, fromFull: '+4915112345678', toNumber: '+4930999999', language: 'en-GB', status: 'in_progress', endedAt: null });
      expect((await store().listCallsForOrder(order.id)).map((x) => x.id)).toContain(r.call.id);
      const out = await store().listCalls({ direction: 'outbound' }, page);
      expect(out.rows.map((x) => x.id)).toEqual([r.call.id]);
      const inbound = await store().listCalls({ direction: 'inbound' }, page);
      expect(inbound.rows.map((x) => x.direction)).toEqual(['inbound']);

      const placed = await store().confirmCallback(r.call.id, 'CAout1', { actor: 'anna', at: at(61), text: '12345', detail: { sourceCallId: c.sourceCallId } });
      expect(placed).toMatchObject({ id: r.call.id, callSid: 'CAout1' });
      expect(await store().getCallBySid('CAout1')).toMatchObject({ id: r.call.id });
      expect(await store().listAudit('call', r.call.id)).toMatchObject([{ actor: 'anna', field: 'callback_placed', newValue: '12345' }]);
      expect(await store().listCallEvents(r.call.id)).toMatchObject([{ kind: 'control', step: 'callback_placed', detail: { actor: 'anna', sourceCallId: c.sourceCallId } }]);
    });

    it('the same form key twice is one call (a double click)', async () => {
      const { c } = await callback('k2');
      const a = await store().reserveCallback(c);
      const b = await store().reserveCallback({ ...c, at: at(62) });
      expect(a.kind).toBe('reserved');
      expect(b.kind).toBe('duplicate');
      if (a.kind === 'reserved' && b.kind === 'duplicate') expect(b.call.id).toBe(a.call.id);
      expect((await store().listCalls({ direction: 'outbound' }, page)).total).toBe(1);
    });

    it('at most limitPerHour callbacks per staff user in the last hour', async () => {
      const { c } = await callback('k3', { limitPerHour: 2 });
      expect((await store().reserveCallback({ ...c, key: 'a', at: at(0) })).kind).toBe('reserved');
      expect((await store().reserveCallback({ ...c, key: 'b', at: at(10) })).kind).toBe('reserved');
      expect(await store().reserveCallback({ ...c, key: 'c', at: at(20) })).toEqual({ kind: 'limited', placed: 2 });
      // Another user has their own hour; an hour later the first slot is free again.
      expect((await store().reserveCallback({ ...c, key: 'd', at: at(20), placedBy: 'ben' })).kind).toBe('reserved');
      expect((await store().reserveCallback({ ...c, key: 'e', at: at(3601) })).kind).toBe('reserved');
    });

    it('an abandoned reservation leaves nothing behind; a placed call is never abandoned', async () => {
      const { c, order } = await callback('k4');
      const r = await store().reserveCallback(c);
      if (r.kind !== 'reserved') throw new Error(r.kind);
      await store().abandonCallback(r.call.id);
      expect(await store().getCall(r.call.id)).toBeNull();
      expect((await store().listCallsForOrder(order.id)).map((x) => x.direction)).toEqual(['inbound']);
      // The key is free again: the next try of the same form may place the call.
      const again = await store().reserveCallback(c);
      if (again.kind !== 'reserved') throw new Error(again.kind);
      await store().confirmCallback(again.call.id, 'CAout4', { actor: 'anna', at: at(61) });
      await store().abandonCallback(again.call.id);
      expect(await store().getCall(again.call.id)).toMatchObject({ callSid: 'CAout4' });
    });

    it('a status event that beats the REST answer gives a pending callback its CallSid, once', async () => {
      const { c, source } = await callback('k8');
      const r = await store().reserveCallback(c);
      if (r.kind !== 'reserved') throw new Error(r.kind);
      expect(await store().adoptCallbackSid(r.call.id, 'CAearly')).toBe(true);
      expect(await store().getCallBySid('CAearly')).toMatchObject({ id: r.call.id, direction: 'outbound' });
      expect(await store().adoptCallbackSid(r.call.id, 'CAother')).toBe(false);
      // The REST answer arrives after it: the same SID, the audit entry as always; never abandoned.
      expect(await store().confirmCallback(r.call.id, 'CAearly', { actor: 'anna', at: at(61) })).toMatchObject({ callSid: 'CAearly' });
      await store().abandonCallback(r.call.id);
      expect(await store().getCall(r.call.id)).toMatchObject({ callSid: 'CAearly' });
      // Not a callback, or no such call: nothing changes.
      expect(await store().adoptCallbackSid(source.id, 'CAother')).toBe(false);
      expect((await store().getCall(source.id))!.callSid).toBe(source.callSid);
      expect(await store().adoptCallbackSid(999_999, 'CAother')).toBe(false);
    });

    it('AnsweredBy: the first value wins', async () => {
      const { c } = await callback('k5');
      const r = await store().reserveCallback(c);
      if (r.kind !== 'reserved') throw new Error(r.kind);
      expect(await store().setAnsweredBy(r.call.id, 'machine_end_beep')).toMatchObject({ answeredBy: 'machine_end_beep' });
      expect(await store().setAnsweredBy(r.call.id, 'human')).toMatchObject({ answeredBy: 'machine_end_beep' });
      expect(await store().setAnsweredBy(999_999, 'human')).toBeNull();
    });

    it('a hang-up or transfer is audited and on the timeline', async () => {
      const { source } = await callback('k6');
      await store().recordCallControl({ callId: source.id, action: 'hangup', actor: 'ben', at: at(70), text: null, detail: { twilio: 'completed' } });
      await store().recordCallControl({ callId: source.id, action: 'transfer', actor: 'anna', at: at(71), text: '+4930111111' });
      expect(await store().listAudit('call', source.id)).toMatchObject([{ actor: 'ben', field: 'hangup' }, { actor: 'anna', field: 'transfer', newValue: '+4930111111' }]);
      const control = (await store().listCallEvents(source.id)).filter((e) => e.kind === 'control');
      expect(control).toMatchObject([{ step: 'hangup', detail: { actor: 'ben', twilio: 'completed' } }, { step: 'transfer', text: '+4930111111' }]);
    });

    it('the dashboard counts callbacks apart from the calls that came in', async () => {
      const { c } = await callback('k7');
      await store().reserveCallback(c);
      const stats = await store().dashboardStats(new Date(T0.getTime() - 86400_000));
      const sum = (k: 'calls' | 'outbound') => stats.hourly.reduce((s, h) => s + h[k], 0);
      expect([sum('calls'), sum('outbound')]).toEqual([1, 1]);
    });
  });
}
