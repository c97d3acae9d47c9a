// The orders page: a CSV upload, its preview with per-line errors, its apply; an order by hand.
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app.ts';
import { createStaff, signIn } from '../helpers/staff.ts';

const EN = { 'Accept-Language': 'en' };

function csvForm(csrf: string, text: string | Uint8Array<ArrayBuffer>, name = 'orders.csv') {
  const form = new FormData();
  form.set('_csrf', csrf);
  form.set('file', new File([text], name, { type: 'text/csv' }));
  return form;
}

async function setup() {
  const env = makeApp();
  await createStaff(env.store);
  const s = await signIn(env.app, undefined, undefined, EN);
  return { env, s };
}

describe('CSV import on the orders page', () => {
  it('upload → preview with per-line errors and what changes → apply, once', async () => {
    const { env, s } = await setup();
    await env.store.upsertOrders([{ number: '1001', status: 'received', name: 'Anna' }], 'key:shop', new Date());
    // German spreadsheet export: BOM, ";", a quoted name with a ";", umlauts.
    const csv = '\uFEFFnumber;status;phones;name;note\r\n1001;shipped;;;\r\n1002;processing;+49 151 1234567|+447700900123;"Müller; Jörg";Geschenk\r\n12;shipped;;;\r\n1003;lost;;;\r\n';
    const up = await s.postMultipart('/orders/import', csvForm(await s.csrf(), csv));
    expect(up.status).toBe(303);
    const previewUrl = up.headers.get('location')!;
    expect(previewUrl).toMatch(/^\/orders\/import\/\d+$/);
    const preview = await (await s.get(previewUrl, EN)).text();
    expect(preview).toContain('Check the import: orders.csv');
    expect(preview).toContain('2 lines could not be read');
    expect(preview).toMatch(/<td class="num">4<\/td><td>number: &quot;12&quot; is not 4 to 12 digits/);
    expect(preview).toMatch(/<td class="num">5<\/td><td>status: unknown status &quot;lost&quot;/);
    expect(preview).toMatch(/new orders<\/span><strong>1<\/strong>/);
    expect(preview).toMatch(/will change<\/span><strong>1<\/strong>/);
    expect(preview).toContain('Import 2 orders, skip 2 lines with errors');
    // Nothing is applied by the preview.
    expect(await env.store.getOrderByNumber('1002')).toBeNull();
    expect((await env.store.getOrderByNumber('1001'))!.status).toBe('received');

    const apply = await s.postForm(`${previewUrl}/apply`, { _csrf: await s.csrf() });
    expect(apply.headers.get('location')).toBe(`${previewUrl}?done=imported`);
    const done = await (await s.get(`${previewUrl}?done=imported`, EN)).text();
    expect(done).toContain('Imported: orders.csv');
    expect((await env.store.getOrderByNumber('1001'))).toMatchObject({ status: 'shipped', name: 'Anna' });
    expect(await env.store.getOrderByNumber('1002')).toMatchObject({ status: 'processing', name: 'Müller; Jörg', phones: ['+491511234567', '+447700900123'], note: 'Geschenk', source: 'shop' });
    // The history names the staff member who applied it.
    const o = (await env.store.getOrderByNumber('1002'))!;
    expect((await env.store.listAudit('order', o.id))[0]).toMatchObject({ field: 'created', actor: 'anna' });
    // A second click applies nothing twice.
    const twice = await s.postForm(`${previewUrl}/apply`, { _csrf: await s.csrf() });
    expect(twice.headers.get('location')).toBe(`${previewUrl}?done=already_imported`);
    expect((await env.store.listAudit('order', o.id))).toHaveLength(1);
  });

  it('a file that cannot be read at all is refused on the upload page, with the reason', async () => {
    const { env, s } = await setup();
    const cases: Array<[string | Uint8Array<ArrayBuffer>, string]> = [
      [new Uint8Array([0x31, 0x32, 0x33, 0x34, 0x3b, 0xff, 0xfe, 0x0a]), 'not UTF-8'],
      ['order;state;colour\n1234;shipped;red\n', 'unknown column'],
      ['', 'choose a file'],
    ];
    for (const [body, reason] of cases) {
      const res = await s.postMultipart('/orders/import', csvForm(await s.csrf(), body), EN);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(reason);
    }
    // A CSRF token is required for the upload too.
    expect((await s.postMultipart('/orders/import', csvForm('forged', '1234;shipped\n'))).status).toBe(403);
    expect((await env.store.listOrders({}, { offset: 0, limit: 10, countCap: 10 })).total).toBe(0);
  });

  it('a comma-separated file without a header works the same', async () => {
    const { env, s } = await setup();
    const up = await s.postMultipart('/orders/import', csvForm(await s.csrf(), '5001,shipped\n5002,delivered,+12025550143,"Smith, John"\n'));
    await s.postForm(`${up.headers.get('location')}/apply`, { _csrf: await s.csrf() });
    expect(await env.store.getOrderByNumber('5002')).toMatchObject({ status: 'delivered', name: 'Smith, John', phones: ['+12025550143'] });
  });
});

describe('an order by hand', () => {
  it('staff create an order; a taken number links to the existing one; bad fields are explained', async () => {
    const { env, s } = await setup();
    expect(await (await s.get('/orders/new?number=4711', EN)).text()).toContain('value="4711"');
    const res = await s.postForm('/orders', { number: '4711', status: 'processing', name: 'Anna', phones: '+49 151 12345678', note: '', _csrf: await s.csrf() });
    expect(res.status).toBe(303);
    const order = (await env.store.getOrderByNumber('4711'))!;
    expect(order).toMatchObject({ status: 'processing', source: 'staff', name: 'Anna', phones: ['+4915112345678'] });
    expect(res.headers.get('location')).toBe(`/orders/${order.id}?done=order_created`);
    const page = await (await s.get(`/orders/${order.id}?done=order_created`, EN)).text();
    expect(page).toContain('The order was created.');
    expect(page).toContain('<strong>anna</strong> created the order by hand');

    const taken = await s.postForm('/orders', { number: '4711', status: 'received', name: '', phones: '', note: '', _csrf: await s.csrf() }, EN);
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain(`<a href="/orders/${order.id}">Open it</a>`);
    const bad = await s.postForm('/orders', { number: '12', status: 'lost', name: '', phones: '0151', note: '', _csrf: await s.csrf() }, EN);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    for (const text of ['The order number is 4 to 12 digits', 'choose a status', 'Phone numbers in international form']) expect(html).toContain(text);
  });
});
