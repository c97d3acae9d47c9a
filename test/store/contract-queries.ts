import { describe, expect, it } from 'vitest';
import type { Ctx } from './contract.ts';
import { at, consentedCallWithOrder, turn } from './fixtures.ts';

const page = (offset = 0, limit = 50, countCap = 1000) => ({ offset, limit, countCap });

export function queriesContract(store: Ctx): void {
  /** Five calls an hour apart: CA0 … CA4, mixed languages, consents and orders. */
  async function seed() {
    const s = store();
    await consentedCallWithOrder(s, 'CA0', '1000', at(0), '+4915111111100');
    await s.applyTurn(turn('CA1', 1, { consent: { given: false, fromFull: null } }, { t: at(3600), lang: 'en-GB', from: '+44790****11' }));
    await consentedCallWithOrder(s, 'CA2', '1000', at(7200), '+12025550122', 'en-US');
    await s.applyTurn(turn('CA3', 1, {}, { t: at(10800), lang: 'en-US', from: '+1202****33' }));
    await consentedCallWithOrder(s, 'CA4', '2000', at(14400), '+4915144444444');
    await s.applyCallStatus({ callSid: 'CA0', twilioStatus: 'completed', durationS: 60, at: at(60) });
    await s.applyCallStatus({ callSid: 'CA2', twilioStatus: 'completed', durationS: 120, at: at(7320) });
  }
  const sids = (rows: { callSid: string }[]) => rows.map((r) => r.callSid);

  describe('queries: lists', () => {
    it('lists calls newest first with their order and consent, filtered and paged', async () => {
      await seed();
      const all = await store().listCalls({}, page());
      expect(sids(all.rows)).toEqual(['CA4', 'CA3', 'CA2', 'CA1', 'CA0']);
      expect({ total: all.total, capped: all.capped }).toEqual({ total: 5, capped: false });
      expect(all.rows[0]).toMatchObject({ orderNumber: '2000', consentGiven: true, status: 'processed', fromFull: '+4915144444444' });
      expect(all.rows[3]).toMatchObject({ orderNumber: null, orderId: null, consentGiven: false, fromFull: null });
      expect(all.rows[1]).toMatchObject({ consentGiven: null });
      expect(sids((await store().listCalls({ status: 'completed' }, page())).rows)).toEqual(['CA2', 'CA0']);
      expect(sids((await store().listCalls({ lang: 'en-US' }, page())).rows)).toEqual(['CA3', 'CA2']);
      // Full number after consent, masked one otherwise; anything but digits and + is ignored.
      expect(sids((await store().listCalls({ from: '2025550' }, page())).rows)).toEqual(['CA2']);
      expect(sids((await store().listCalls({ from: '+44790' }, page())).rows)).toEqual(['CA1']);
      expect(sids((await store().listCalls({ from: "1%'_4444" }, page())).rows)).toEqual(['CA4']);
      expect((await store().listCalls({ from: '1234567' }, page())).rows).toEqual([]);
      // The number known since consent is searchable, also by digits the masked one hides.
      await store().applyTurn(turn('CA3', 2, { consent: { given: true, fromFull: '+12025551234567' } }, { t: at(10801), lang: 'en-US' }));
      expect(sids((await store().listCalls({ from: '1234567' }, page())).rows)).toEqual(['CA3']);
      expect(sids((await store().listCalls({ startedFrom: at(3600), startedBefore: at(10800) }, page())).rows)).toEqual(['CA2', 'CA1']);
      expect(sids((await store().listCalls({ lang: 'de-DE', status: 'processed' }, page())).rows)).toEqual(['CA4']);
      const p2 = await store().listCalls({}, page(2, 2));
      expect(sids(p2.rows)).toEqual(['CA2', 'CA1']);
      expect(p2.total).toBe(5);
      expect(await store().listCalls({}, page(0, 2, 3))).toMatchObject({ total: 3, capped: true });
      expect(await store().listCalls({ status: 'problem' }, page())).toEqual({ rows: [], total: 0, capped: false });
    });

    it('lists orders newest first with how many calls touched them', async () => {
      await seed();
      const all = await store().listOrders({}, page());
      expect(all.rows.map((o) => [o.number, o.callCount])).toEqual([['2000', 1], ['1000', 2]]);
      expect(all.total).toBe(2);
      const o1000 = all.rows[1]!;
      await store().setOrderStatus(o1000.id, 'shipped', 'anna', at(20_000));
      expect((await store().listOrders({ status: 'shipped' }, page())).rows.map((o) => o.number)).toEqual(['1000']);
      expect((await store().listOrders({ number: '00' }, page())).rows.map((o) => o.number)).toEqual(['2000', '1000']);
      expect((await store().listOrders({ number: '20' }, page())).rows.map((o) => o.number)).toEqual(['2000']);
      expect((await store().listOrders({ createdFrom: at(1), createdBefore: at(14400) }, page())).rows).toEqual([]);
      expect((await store().listOrders({ createdFrom: at(14400) }, page())).rows.map((o) => o.number)).toEqual(['2000']);
      expect(await store().listOrders({}, page(0, 1, 1))).toMatchObject({ total: 1, capped: true });
      expect((await store().listCallsForOrder(o1000.id)).map((c) => c.callSid)).toEqual(['CA0', 'CA2']);
    });
  });

  describe('queries: equal timestamps', () => {
    // Rows that happened at the same instant come back in one order on every backend: the
    // lists break ties on the id. Here links are made in the opposite order of the ids, so an
    // order that only looked at the time would show the link order instead.
    async function sameInstant() {
      const s = store();
      const older = (await s.applyTurn(turn('CA1', 1, { saveOrder: { number: '2222' } }, { t: at(0) }))).order!;
      const newer = (await s.applyTurn(turn('CA2', 1, { saveOrder: { number: '1111' } }, { t: at(0) }))).order!;
      const t = at(100);
      await s.applyTurn(turn('CA9', 1, { saveOrder: { number: '1111' } }, { t }));
      const r = await s.applyTurn(turn('CA9', 2, { saveOrder: { number: '2222' } }, { t }));
      return { older, newer, call: r.call };
    }

    it('a call\'s orders saved at the same instant come in order-id order', async () => {
      const { older, newer, call } = await sameInstant();
      expect(older.id).toBeLessThan(newer.id);
      expect((await store().listOrdersForCall(call.id)).map((o) => o.id)).toEqual([older.id, newer.id]);
    });

    it('the calls list shows the lowest-id order of those saved at the same instant', async () => {
      const { older, call } = await sameInstant();
      const row = (await store().listCalls({}, page())).rows.find((r) => r.id === call.id)!;
      expect(row).toMatchObject({ orderId: older.id, orderNumber: '2222' });
      expect((await store().listLiveCalls(at(0), 10)).find((r) => r.id === call.id)).toMatchObject({ orderId: older.id });
    });

    it('an order\'s calls that started at the same instant come in call-id order', async () => {
      const s = store();
      const t = at(50);
      const a = (await s.applyTurn(turn('CA_a', 1, {}, { t }))).call;
      const b = (await s.applyTurn(turn('CA_b', 1, {}, { t }))).call;
      const c = (await s.applyTurn(turn('CA_c', 1, {}, { t }))).call;
      // Linked in the order c, a, b.
      const o = (await s.applyTurn(turn('CA_c', 2, { saveOrder: { number: '3333' } }, { t }))).order!;
      await s.applyTurn(turn('CA_a', 2, { saveOrder: { number: '3333' } }, { t }));
      await s.applyTurn(turn('CA_b', 2, { saveOrder: { number: '3333' } }, { t }));
      expect((await s.listCallsForOrder(o.id)).map((x) => x.id)).toEqual([a.id, b.id, c.id]);
      // Newest first, so the same tie-break runs the other way in the staff lists.
      expect((await s.listCalls({}, page())).rows.map((x) => x.id)).toEqual([c.id, b.id, a.id]);
      expect((await s.listLiveCalls(at(0), 10)).map((x) => x.id)).toEqual([c.id, b.id, a.id]);
    });

    it('orders created at the same instant list newest id first', async () => {
      const s = store();
      const ids: number[] = [];
      for (const n of ['5001', '5002', '5003']) ids.push((await s.applyTurn(turn(`CA${n}`, 1, { saveOrder: { number: n } }, { t: at(7) }))).order!.id);
      expect((await s.listOrders({}, page())).rows.map((o) => o.id)).toEqual([...ids].reverse());
      expect((await s.listOrders({}, page(1, 1))).rows.map((o) => o.id)).toEqual([ids[1]]);
    });
  });

  describe('queries: dashboard', () => {
    it('counts calls and consents per UTC hour, orders by status, average length, top orders', async () => {
      await seed();
      const d = await store().dashboardStats(at(0));
      const hourly = [...d.hourly].sort((a, b) => a.hourStart - b.hourStart);
      expect(hourly).toEqual([0, 1, 2, 3, 4].map((h) => ({
        hourStart: at(h * 3600).getTime(),
        calls: 1,
        outbound: 0,
        consentGiven: h % 2 === 0 ? 1 : 0,
        consentDeclined: h === 1 ? 1 : 0,
      })));
      expect([...d.ordersByStatus].sort((a, b) => a.status.localeCompare(b.status))).toEqual([{ status: 'received', count: 2 }]);
      expect(d.avgDurationS).toBe(90);
      expect(d.topOrders.map((o) => [o.number, o.calls, o.status])).toEqual([['1000', 2, 'received'], ['2000', 1, 'received']]);
      const later = await store().dashboardStats(at(7200));
      expect(later.hourly.reduce((n, h) => n + h.calls, 0)).toBe(3);
      expect(later.avgDurationS).toBe(120);
      expect(later.topOrders.map((o) => [o.number, o.calls])).toEqual([['1000', 1], ['2000', 1]]);
      expect((await store().dashboardStats(at(100_000))).avgDurationS).toBeNull();
    });

    it('counts a consent in the hour it was given and an order in the hour it was asked about', async () => {
      // The call starts just before a full hour; the caller agrees, and names an order, after it.
      await store().applyTurn(turn('CA1', 1, {}, { t: at(3590) }));
      await store().applyTurn(turn('CA1', 2, { consent: { given: true, fromFull: '+4915100000001' } }, { t: at(3610) }));
      await store().applyTurn(turn('CA1', 3, { saveOrder: { number: '777' } }, { t: at(7300) }));
      const d = await store().dashboardStats(at(0));
      expect([...d.hourly].sort((a, b) => a.hourStart - b.hourStart)).toEqual([
        { hourStart: at(0).getTime(), calls: 1, outbound: 0, consentGiven: 0, consentDeclined: 0 },
        { hourStart: at(3600).getTime(), calls: 0, outbound: 0, consentGiven: 1, consentDeclined: 0 },
      ]);
      expect((await store().dashboardStats(at(7200))).topOrders.map((o) => [o.number, o.calls])).toEqual([['777', 1]]);
    });

    it('lists every caller still on the line (consented or not, recent enough) newest first', async () => {
      await seed();
      // CA4 consented (processed) and has not hung up: still on the line. CA0 and CA2 ended.
      expect(sids(await store().listLiveCalls(at(0), 10))).toEqual(['CA4', 'CA3', 'CA1']);
      expect(sids(await store().listLiveCalls(at(3601), 10))).toEqual(['CA4', 'CA3']);
      expect(sids(await store().listLiveCalls(at(0), 1))).toEqual(['CA4']);
      // A staff "problem" flag on a live call does not take it off the panel; its end does.
      const ca4 = (await store().getCallBySid('CA4'))!;
      await store().setCallStatus(ca4.id, 'problem', 'anna', at(14500));
      expect(sids(await store().listLiveCalls(at(0), 10))).toEqual(['CA4', 'CA3', 'CA1']);
      await store().applyCallStatus({ callSid: 'CA4', twilioStatus: 'completed', durationS: 200, at: at(14600) });
      expect(sids(await store().listLiveCalls(at(0), 10))).toEqual(['CA3', 'CA1']);
    });

    it('says where each live caller is, from their latest IVR or AI event', async () => {
      const s = store();
      const ivr = (sid: string, seq: number, next: string) => s.applyTurn({ ...turn(sid, seq), event: { ...turn(sid, seq).event, detail: { outcome: 'x', next } } });
      await ivr('CA_order', 1, 'order');
      await ivr('CA_ai', 1, 'connect_ai');
      await s.addCallEvent('CA_ai', { key: 'ai:started:MZ1', kind: 'ai', step: 'started', at: at(5) });
      await s.addCallEvent('CA_ai', { key: 'ai:1:user', kind: 'ai', step: 'user', text: 'hallo', at: at(6) });
      await ivr('CA_staff', 1, 'dial');
      // A staff status change is not where the caller is: the IVR event before it still says so.
      const staffCall = (await s.getCallBySid('CA_staff'))!;
      await s.setCallStatus(staffCall.id, 'problem', 'anna', at(9));
      await ivr('CA_back', 1, 'connect_ai');
      await s.addCallEvent('CA_back', { key: 'ai:ended:MZ2', kind: 'ai', step: 'ended', at: at(7) });
      await s.applyTurn(turn('CA_new', 1));
      const place = new Map((await s.listLiveCalls(at(0), 10)).map((c) => [c.callSid, c.place]));
      expect(Object.fromEntries(place)).toEqual({
        CA_order: { kind: 'ivr', node: 'order' },
        CA_ai: { kind: 'ai' },
        CA_staff: { kind: 'staff' },
        CA_back: { kind: 'ivr', node: 'help' },
        CA_new: { kind: 'ivr', node: null },
      });
    });
  });

  describe('queries: staff actions', () => {
    it('changes a call status with an audit entry and a line on the call timeline', async () => {
      const { call } = await consentedCallWithOrder(store(), 'CA1', '1234');
      expect(await store().setCallStatus(call.id, 'problem', 'anna', at(100))).toEqual({ kind: 'changed', old: 'processed', new: 'problem' });
      expect(await store().setCallStatus(call.id, 'problem', 'bob', at(101))).toEqual({ kind: 'unchanged', old: 'problem', new: 'problem' });
      expect(await store().setCallStatus(999999, 'problem', 'bob', at(101))).toEqual({ kind: 'not_found' });
      expect((await store().getCall(call.id))!.status).toBe('problem');
      const audit = await store().listAudit('call', call.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ entity: 'call', entityId: call.id, actor: 'anna', field: 'status', oldValue: 'processed', newValue: 'problem' });
      expect(audit[0]!.at).toEqual(at(100));
      const last = (await store().listCallEvents(call.id)).at(-1)!;
      expect(last).toMatchObject({ kind: 'staff', step: 'status', detail: { actor: 'anna', old: 'processed', new: 'problem' } });
    });

    it('changes an order status and keeps notes, each audited', async () => {
      const { order } = await consentedCallWithOrder(store(), 'CA1', '1234');
      expect(await store().setOrderStatus(order.id, 'shipped', 'anna', at(100))).toEqual({ kind: 'changed', old: 'received', new: 'shipped' });
      expect(await store().setOrderStatus(order.id, 'shipped', 'anna', at(101))).toMatchObject({ kind: 'unchanged' });
      expect(await store().setOrderStatus(999999, 'shipped', 'anna', at(101))).toEqual({ kind: 'not_found' });
      const o = (await store().getOrder(order.id))!;
      expect(o.status).toBe('shipped');
      expect(o.updatedAt).toEqual(at(100));
      const n1 = await store().addOrderNote(order.id, 'Paket <b>verloren</b>?', 'anna', at(110));
      expect(n1).toMatchObject({ orderId: order.id, author: 'anna', body: 'Paket <b>verloren</b>?' });
      await store().addOrderNote(order.id, 'Gefunden.', 'bob', at(120));
      expect(await store().addOrderNote(999999, 'x', 'bob', at(120))).toBeNull();
      expect((await store().listOrderNotes(order.id)).map((n) => n.body)).toEqual(['Paket <b>verloren</b>?', 'Gefunden.']);
      const audit = await store().listAudit('order', order.id);
      expect(audit.map((a) => [a.field, a.oldValue, a.newValue, a.actor])).toEqual([
        // The caller who typed the number created it: its history says so from the start.
        ['created', null, 'call', 'call:CA1'],
        ['status', 'received', 'shipped', 'anna'],
        ['note', null, 'Paket <b>verloren</b>?', 'anna'],
        ['note', null, 'Gefunden.', 'bob'],
      ]);
      expect(await store().listAudit('call', order.id)).toEqual([]);
    });
  });
}
