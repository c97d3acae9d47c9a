// UNKNOWN_ORDERS: what a caller hears for a number the shop never sent, what is stored, and what
// staff see of it (the call's timeline, the order's history, the dashboard).
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app.ts';
import { walkCall } from '../helpers/sim.ts';
import { createStaff, signIn } from '../helpers/staff.ts';

const GB = '+447700900123';
const US = '+12025550143';

describe('UNKNOWN_ORDERS=reject', () => {
  it('an unknown number is not created, the caller hears "not found" and may enter another', async () => {
    const env = makeApp({ UNKNOWN_ORDERS: 'reject' });
    await env.store.upsertOrders([{ number: '7777', status: 'delivered' }], 'key:shop', new Date());
    // 1234 is unknown: not found, then 1 in the help menu to enter a number again, a known one.
    const r = await walkCall(env.app, env.config, GB, ['1', '1234#', '1', '1', '7777#', '1', '9']);
    expect(r.text).toContain("I'm sorry, I couldn't find order 1 2 3 4.");
    expect(r.text).toContain('To enter an order number, press 1.');
    expect(r.text).toContain('Your order has been delivered.');
    expect(r.text).not.toContain('noted');
    expect(await env.store.getOrderByNumber('1234')).toBeNull();
    const call = (await env.store.getCallBySid(r.callSid))!;
    expect((await env.store.listOrdersForCall(call.id)).map((o) => o.number)).toEqual(['7777']);

    // Staff see it: the call's timeline says what happened and what the caller heard…
    await createStaff(env.store);
    const staff = await signIn(env.app);
    const page = await (await staff.get(`/calls/${call.id}`, { 'Accept-Language': 'en' })).text();
    expect(page).toContain('<span class="ev-outcome">number not found</span>');
    expect(page).toContain('<li lang="en-GB">I&#39;m sorry, I couldn&#39;t find order 1 2 3 4.</li>');
    // …and the dashboard lists the number, with a link to create it.
    const dash = await (await staff.get('/')).text();
    expect(dash).toMatch(/Erfragte, aber nicht gefundene Nummern[\s\S]*<a href="\/orders\/new\?number=1234"[^>]*>1234<\/a>/);
  });

  it('American callers hear it in American English', async () => {
    const env = makeApp({ UNKNOWN_ORDERS: 'reject' });
    const r = await walkCall(env.app, env.config, US, ['1', '98765#', '1', '9']);
    expect(r.text).toContain("Sorry, I couldn't find order 9 8 7 6 5.");
  });
});

describe('UNKNOWN_ORDERS=create (the default)', () => {
  it('the number is saved as received, the caller hears the truth, and its history says a caller created it', async () => {
    const env = makeApp();
    expect(env.config.unknownOrders).toBe('create');
    const r = await walkCall(env.app, env.config, GB, ['1', '1234#', '1', '1', '9']);
    // Said twice: after the confirmation and on "hear the status again".
    expect(r.said.filter((s) => s.text.includes("I've noted order number 1 2 3 4. Our team will check it and get back to you.")).length).toBe(2);
    expect(r.text).not.toContain('Your order has been received');
    const order = (await env.store.getOrderByNumber('1234'))!;
    expect(order).toMatchObject({ status: 'received', source: 'call' });
    const audit = await env.store.listAudit('order', order.id);
    expect(audit.map((a) => [a.field, a.newValue, a.actor])).toEqual([['created', 'call', `call:${r.callSid}`]]);

    await createStaff(env.store);
    const staff = await signIn(env.app, undefined, undefined, { 'Accept-Language': 'en' });
    const page = await (await staff.get(`/orders/${order.id}`, { 'Accept-Language': 'en' })).text();
    expect(page).toContain('A caller typed this number and Liza noted it.');
    expect(page).toContain('created the order from a call (not confirmed by the shop yet)');
    const dash = await (await staff.get('/', { 'Accept-Language': 'en' })).text();
    expect(dash).toContain('<a href="/orders?source=call">1 order noted by callers is not confirmed by the shop yet</a>');
    expect(await (await staff.get('/orders?source=call', { 'Accept-Language': 'en' })).text()).toContain(`/orders/${order.id}`);

    // Once staff move it along, the caller hears the real status.
    await env.store.setOrderStatus(order.id, 'processing', 'anna', new Date());
    const later = await walkCall(env.app, env.config, GB, ['1', '1234#', '1', '9']);
    expect(later.text).toContain("We're working on your order right now.");
  });
});
