import { describe, expect, it } from 'vitest';
import type { OrderInput } from '../../src/orders/input.ts';
import type { Ctx } from './contract.ts';
import { at, consentedCallWithOrder, turn } from './fixtures.ts';

const KEY = 'key:shop';

export function ordersContract(store: Ctx): void {
  const audit = async (number: string) => {
    const o = (await store().getOrderByNumber(number))!;
    return (await store().listAudit('order', o.id)).map((a) => [a.field, a.oldValue, a.newValue, a.actor]);
  };

  describe('orders from the shop: upsertOrders', () => {
    it('creates, updates, repeats idempotently and keeps what a partial update leaves out', async () => {
      const first = await store().upsertOrders([{ number: '1001', status: 'processing', phones: ['+4915112345678'], name: 'Anna Müller', note: 'Geschenk' }], KEY, at(0));
      expect(first).toMatchObject([{ number: '1001', result: 'created', previous: null }]);
      expect(first[0]!.order).toMatchObject({ number: '1001', status: 'processing', source: 'shop', phones: ['+4915112345678'], name: 'Anna Müller', note: 'Geschenk', shopUpdatedAt: null });
      expect(first[0]!.order!.createdAt).toEqual(at(0));
      expect(await store().getOrderByNumber('1001')).toEqual(first[0]!.order);

      const again = await store().upsertOrders([{ number: '1001', status: 'processing', phones: ['+4915112345678'], name: 'Anna Müller', note: 'Geschenk' }], KEY, at(10));
      expect(again[0]).toMatchObject({ result: 'unchanged' });
      expect((await store().getOrderByNumber('1001'))!.updatedAt).toEqual(at(0));

      // Only the status: name, phones and note stay; null clears one.
      const partial = await store().upsertOrders([{ number: '1001', status: 'shipped', note: null }], KEY, at(20));
      expect(partial[0]).toMatchObject({ result: 'updated', previous: { status: 'processing' } });
      expect(await store().getOrderByNumber('1001')).toMatchObject({ status: 'shipped', name: 'Anna Müller', phones: ['+4915112345678'], note: null });
      expect((await store().getOrderByNumber('1001'))!.updatedAt).toEqual(at(20));
      expect(await audit('1001')).toEqual([
        ['created', null, 'shop', KEY],
        ['status', 'processing', 'shipped', KEY],
        ['details', null, 'note', KEY],
      ]);
    });

    it('does not apply an update older than the data applied last', async () => {
      const t = (s: number) => at(s);
      await store().upsertOrders([{ number: '2002', status: 'shipped', updatedAt: t(100) }], KEY, at(0));
      const old = await store().upsertOrders([{ number: '2002', status: 'processing', updatedAt: t(50) }], KEY, at(1));
      expect(old[0]).toMatchObject({ result: 'stale', order: { status: 'shipped' } });
      // Same time again: a replay, applied (and unchanged).
      expect((await store().upsertOrders([{ number: '2002', status: 'shipped', updatedAt: t(100) }], KEY, at(2)))[0]!.result).toBe('unchanged');
      // Newer data with the same content moves the time on without a history entry.
      expect((await store().upsertOrders([{ number: '2002', status: 'shipped', updatedAt: t(200) }], KEY, at(3)))[0]!.result).toBe('unchanged');
      expect((await store().getOrderByNumber('2002'))!.shopUpdatedAt).toEqual(t(200));
      expect((await store().upsertOrders([{ number: '2002', status: 'delivered', updatedAt: t(150) }], KEY, at(4)))[0]!.result).toBe('stale');
      // Without a time an update always applies.
      expect((await store().upsertOrders([{ number: '2002', status: 'delivered' }], KEY, at(5)))[0]!.result).toBe('updated');
      expect(await audit('2002')).toEqual([['created', null, 'shop', KEY], ['status', 'shipped', 'delivered', KEY]]);
    });

    it('confirms an order a caller created, and says so in its history', async () => {
      const { order, call } = await consentedCallWithOrder(store(), 'CA1', '3003');
      expect(order).toMatchObject({ source: 'call', status: 'received', phones: [], name: null });
      const [r] = await store().upsertOrders([{ number: '3003', status: 'received' }], KEY, at(100));
      expect(r).toMatchObject({ result: 'updated', order: { id: order.id, source: 'shop', status: 'received' } });
      expect(await audit('3003')).toEqual([['created', null, 'call', 'call:CA1'], ['source', 'call', 'shop', KEY]]);
      // The call stays linked to it.
      expect((await store().listOrdersForCall(call.id)).map((o) => o.id)).toEqual([order.id]);
    });

    it('applies many orders in one transaction, in the order given', async () => {
      const inputs: OrderInput[] = Array.from({ length: 1200 }, (_, i) => ({ number: String(100000 + i), status: i % 2 ? 'shipped' : 'received' }));
      const out = await store().upsertOrders(inputs, KEY, at(0));
      expect(out.map((o) => o.number)).toEqual(inputs.map((i) => i.number));
      expect(out.every((o) => o.result === 'created')).toBe(true);
      const again = await store().upsertOrders(inputs.map((i) => ({ ...i, status: 'delivered' })), KEY, at(1));
      expect(again.every((o) => o.result === 'updated' && o.order!.status === 'delivered')).toBe(true);
      expect((await store().listOrders({}, { offset: 0, limit: 1, countCap: 5000 })).total).toBe(1200);
    });

    it('previews without writing', async () => {
      await store().upsertOrders([{ number: '4004', status: 'received' }], KEY, at(0));
      const p = await store().previewOrders([{ number: '4004', status: 'shipped' }, { number: '4005', status: 'received' }]);
      expect(p.map((o) => [o.number, o.result, o.previous?.status ?? null])).toEqual([['4004', 'updated', 'received'], ['4005', 'created', null]]);
      expect(await store().getOrderByNumber('4005')).toBeNull();
      expect((await store().getOrderByNumber('4004'))!.status).toBe('received');
    });
  });

  describe('orders by hand and their deletion', () => {
    it('staff create an order once; the number taken gives the existing one', async () => {
      const c = await store().createOrder({ number: '5005', status: 'processing', phones: ['+447700900123'], name: 'Ben', note: null }, 'anna', at(0));
      expect(c).toMatchObject({ kind: 'created', order: { number: '5005', status: 'processing', source: 'staff', phones: ['+447700900123'], name: 'Ben' } });
      const again = await store().createOrder({ number: '5005', status: 'received', phones: [], name: null, note: null }, 'bob', at(1));
      expect(again).toMatchObject({ kind: 'exists', order: { id: c.order.id, status: 'processing' } });
      expect(await audit('5005')).toEqual([['created', null, 'staff', 'anna']]);
    });

    it('deleting an order keeps its calls, whose timelines say it was deleted', async () => {
      const { order, call } = await consentedCallWithOrder(store(), 'CA1', '6006');
      await store().addOrderNote(order.id, 'note', 'anna', at(5));
      const del = await store().deleteOrder('6006', KEY, at(10));
      expect(del).toMatchObject({ order: { id: order.id, number: '6006' }, unlinkedCalls: 1 });
      expect(await store().getOrderByNumber('6006')).toBeNull();
      expect(await store().getCall(call.id)).not.toBeNull();
      expect(await store().listOrdersForCall(call.id)).toEqual([]);
      expect(await store().listOrderNotes(order.id)).toEqual([]);
      const last = (await store().listCallEvents(call.id)).at(-1)!;
      expect(last).toMatchObject({ kind: 'staff', step: 'order_deleted', text: '6006', detail: { actor: KEY, number: '6006' } });
      expect((await store().listAudit('order', order.id)).at(-1)).toMatchObject({ field: 'deleted', oldValue: '6006', actor: KEY });
      expect(await store().deleteOrder('6006', KEY, at(11))).toBeNull();
      // A caller asking again later finds nothing to link to: the number is new again.
      const r = await store().applyTurn(turn('CA2', 1, { saveOrder: { number: '6006' } }));
      expect(r.order).toMatchObject({ source: 'call', status: 'received' });
      expect(r.order!.id).not.toBe(order.id);
    });
  });

  describe('CSV uploads between preview and apply', () => {
    it('keeps the checked rows, applies them once, and prunes old previews', async () => {
      const rows: OrderInput[] = [{ number: '7007', status: 'shipped', updatedAt: at(5), phones: ['+4915112345678'] }, { number: '7008', status: 'received' }];
      const imp = await store().saveOrderImport({ createdBy: 'anna', filename: 'orders.csv', rows, errors: [{ line: 4, reason: 'status: unknown' }] }, at(0), at(-86400));
      expect(imp).toMatchObject({ createdBy: 'anna', filename: 'orders.csv', status: 'preview', result: null, errors: [{ line: 4, reason: 'status: unknown' }] });
      expect(imp.rows).toEqual(rows);
      expect(await store().getOrderImport(imp.id)).toEqual(imp);
      const applied = await store().applyOrderImport(imp.id, 'anna', at(10));
      expect(applied).toMatchObject({ kind: 'applied', import: { status: 'applied', result: { created: 2, updated: 0, unchanged: 0, stale: 0 } } });
      expect(applied!.import.appliedAt).toEqual(at(10));
      expect((await store().getOrderByNumber('7007'))!.shopUpdatedAt).toEqual(at(5));
      expect(await store().applyOrderImport(imp.id, 'anna', at(11))).toMatchObject({ kind: 'already' });
      expect(await store().applyOrderImport(999999, 'anna', at(11))).toBeNull();
      // A preview never applied is dropped once older than the cut; an applied one stays.
      const stale = await store().saveOrderImport({ createdBy: 'bob', filename: 'b.csv', rows, errors: [] }, at(20), at(0));
      await store().saveOrderImport({ createdBy: 'bob', filename: 'c.csv', rows, errors: [] }, at(100_000), at(50));
      expect(await store().getOrderImport(stale.id)).toBeNull();
      expect(await store().getOrderImport(imp.id)).not.toBeNull();
    });
  });

  describe('numbers callers asked about', () => {
    it('a missed number is remembered once per call, creates nothing, and the dashboard lists it', async () => {
      await store().applyTurn(turn('CA1', 1, { missedOrder: { number: '8008' } }));
      await store().applyTurn(turn('CA1', 2, { missedOrder: { number: '8008' } }));
      await store().applyTurn(turn('CA2', 1, { missedOrder: { number: '8008' } }, { t: at(30) }));
      await store().applyTurn(turn('CA3', 1, { missedOrder: { number: '9009' } }, { t: at(40) }));
      expect(await store().getOrderByNumber('8008')).toBeNull();
      let stats = await store().dashboardStats(at(0));
      expect(stats.missedOrders).toEqual([
        { number: '8008', calls: 2, lastAt: at(30), orderId: null },
        { number: '9009', calls: 1, lastAt: at(40), orderId: null },
      ]);
      // Once the shop sends it, the dashboard links it.
      const [r] = await store().upsertOrders([{ number: '9009', status: 'shipped' }], KEY, at(50));
      stats = await store().dashboardStats(at(0));
      expect(stats.missedOrders[1]).toEqual({ number: '9009', calls: 1, lastAt: at(40), orderId: r!.order!.id });
      expect((await store().dashboardStats(at(35))).missedOrders.map((m) => m.number)).toEqual(['9009']);
    });

    it('counts and filters the orders callers noted that the shop has not confirmed', async () => {
      await consentedCallWithOrder(store(), 'CA1', '1111');
      await consentedCallWithOrder(store(), 'CA2', '2222');
      await store().upsertOrders([{ number: '2222', status: 'processing' }, { number: '3333', status: 'received' }], KEY, at(10));
      expect((await store().dashboardStats(at(0))).unconfirmedOrders).toBe(1);
      const numbers = async (source: 'call' | 'shop' | 'staff') => (await store().listOrders({ source }, { offset: 0, limit: 10, countCap: 100 })).rows.map((o) => o.number);
      expect(await numbers('call')).toEqual(['1111']);
      expect((await numbers('shop')).sort()).toEqual(['2222', '3333']);
      expect(await numbers('staff')).toEqual([]);
    });
  });

  describe('the calls number filter in national formats', () => {
    it('0151… and 0049151… find +49151…, 07700… finds +447700…', async () => {
      await consentedCallWithOrder(store(), 'CA_de', '1000', at(0), '+4915112345678');
      await consentedCallWithOrder(store(), 'CA_gb', '1001', at(10), '+447700900123', 'en-GB');
      await consentedCallWithOrder(store(), 'CA_us', '1002', at(20), '+12025550143', 'en-US');
      const found = async (from: string) => (await store().listCalls({ from }, { offset: 0, limit: 10, countCap: 100 })).rows.map((c) => c.callSid);
      expect(await found('015112345678')).toEqual(['CA_de']);
      expect(await found('0151123')).toEqual(['CA_de']);
      expect(await found('0049151123')).toEqual(['CA_de']);
      expect(await found('+49151123')).toEqual(['CA_de']);
      expect(await found('07700900')).toEqual(['CA_gb']);
      expect(await found('2025550143')).toEqual(['CA_us']);
      expect(await found('0202555')).toEqual([]);
      // With another filter the number is matched row by row: the same answers.
      expect((await store().listCalls({ from: '0151123', lang: 'de-DE' }, { offset: 0, limit: 10, countCap: 100 })).rows.map((c) => c.callSid)).toEqual(['CA_de']);
    });
  });
}
