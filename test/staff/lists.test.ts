import { beforeAll, describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app.ts';
import { createStaff, signIn, STAFF_USER } from '../helpers/staff.ts';
import { addCall, addMany } from './fixture.ts';

// 21 Nov 2026, 12:00 in Berlin (CET, UTC+1).
const NOW = new Date('2026-11-21T11:00:00Z');
const rowsOf = (html: string) => (html.match(/<tr><td><a href="\/(calls|orders)\/\d+"/g) ?? []).length;

describe('/calls and /orders lists', () => {
  const env = makeApp({}, () => NOW);
  let s: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    await createStaff(env.store);
    s = await signIn(env.app);
    await addMany(env.store, 120, new Date(NOW.getTime() - 3_600_000));
  });

  it('shows the newest calls first, 50 a page, with the result count and pages that keep the filters', async () => {
    const html = await (await s.get('/calls')).text();
    expect(html).toContain('120 Treffer');
    expect(rowsOf(html)).toBe(50);
    expect(html).toContain('Seite 1 von 3');
    expect(html).toContain('href="/calls?page=2"');
    const p3 = await (await s.get('/calls?page=3')).text();
    expect(rowsOf(p3)).toBe(20);
    expect(p3).toContain('101–120');
    const filtered = await (await s.get('/calls?lang=en-GB')).text();
    expect(filtered).toContain('40 Treffer');
    expect(filtered).not.toContain('href="/calls?lang=en-GB&amp;page=2"');
  });

  it('bounds the page number: garbage means page 1, far pages end in an explained empty state', async () => {
    expect(rowsOf(await (await s.get('/calls?page=abc')).text())).toBe(50);
    expect(rowsOf(await (await s.get('/calls?page=-4')).text())).toBe(50);
    const far = await s.get('/calls?page=999999');
    expect(far.status).toBe(200);
    const html = await far.text();
    expect(rowsOf(html)).toBe(0);
    expect(html).toContain('hinter dem Ende der Liste');
  });

  it('combines status, language, number part and a Berlin date range', async () => {
    const one = await addCall(env.store, { sid: 'CAlate', from: '+4917099887766', at: new Date('2026-11-20T23:30:00Z'), consent: true, endAfter: 30 });
    await env.store.setCallStatus(one.id, 'problem', 'test', NOW);
    // 23:30 UTC on the 20th is 00:30 on the 21st in Berlin.
    const day21 = await (await s.get('/calls?status=problem&date_from=2026-11-21&date_to=2026-11-21')).text();
    expect(rowsOf(day21)).toBe(1);
    expect(day21).toContain('href="/calls/' + one.id + '"');
    expect(rowsOf(await (await s.get('/calls?status=problem&date_to=2026-11-20')).text())).toBe(0);
    const byNumber = await (await s.get('/calls?from=0998877&lang=de-DE')).text();
    expect(byNumber).toContain('1 Treffer');
    expect(byNumber).toContain('+49 170 99887766');
    expect(rowsOf(await (await s.get('/calls?from=0998877&lang=en-US')).text())).toBe(0);
    const en = await (await s.get('/calls?lang=en-US&status=completed', { 'Accept-Language': 'en' })).text();
    expect(en).toContain('40 results');
    // The form shows the filters that are applied.
    expect(en).toMatch(/<option value="en-US" selected="">/);
  });

  it('explains empty results and ignores filters it does not understand', async () => {
    const none = await (await s.get('/calls?from=%2B999999999')).text();
    expect(none).toContain('Keine Anrufe passen zu diesen Filtern');
    expect(none).toContain('href="/calls">Filter zurücksetzen');
    const bad = await (await s.get('/calls?status=nonsense&date_from=2026-02-31&from=abc')).text();
    expect(bad).toContain('nicht verstanden');
    expect(bad).toContain('status, from, date_from');
    expect(rowsOf(bad)).toBe(50);
    const fresh = makeApp();
    await createStaff(fresh.store);
    const empty = await (await (await signIn(fresh.app)).get('/calls')).text();
    expect(empty).toContain('Noch keine Anrufe');
  });

  it('lists orders with the number of calls each, filterable by status and number', async () => {
    const html = await (await s.get('/orders')).text();
    expect(rowsOf(html)).toBe(7);
    expect(html).toContain('7 Treffer');
    const one = await (await s.get('/orders?number=100003')).text();
    expect(rowsOf(one)).toBe(1);
    // Noted by a caller (the fixture's orders come from calls), and says so.
    expect(one).toMatch(/100003<\/a><span class="badge src-call"[^>]*>von Anrufenden notiert<\/span><\/td><td><span class="badge s-received">Eingegangen<\/span>/);
    expect(rowsOf(await (await s.get('/orders?status=shipped')).text())).toBe(0);
    expect(await (await s.get('/orders?status=shipped')).text()).toContain('Keine Bestellungen passen');
  });

  it('exports the filtered lists as CSV, defusing spreadsheet formulas', async () => {
    await addCall(env.store, { sid: 'CAformula', from: '+4915199990000', callerName: '=HYPERLINK("http://evil","x")', at: new Date('2026-11-19T10:00:00Z'), consent: true });
    // By default masked numbers and no names (issue 15).
    const masked = (await (await s.get('/calls.csv?date_from=2026-11-19&date_to=2026-11-19')).text()).split('\r\n').find((l) => l.includes('CAformula'))!;
    expect(masked).not.toContain('HYPERLINK');
    expect(masked).not.toContain('4915199990000');
    expect(masked).toContain('+49 •••••••••00');
    const res = await s.get('/calls.csv?date_from=2026-11-19&date_to=2026-11-19&full=1');
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="calls-.*\.csv"/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,call_sid,started_at,ended_at,number,caller_name,language,status,duration_s,consent,order_number,direction');
    const mine = lines.find((l) => l.includes('CAformula'))!;
    expect(mine).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(mine).toContain("'+4915199990000");
    expect(mine).toMatch(/,inbound$/);
    expect(lines.every((l, i) => i === 0 || /,2026-11-1[89]T|,2026-11-19T/.test(l))).toBe(true);
    const all = (await (await s.get('/calls.csv')).text()).trim().split('\r\n');
    expect(all).toHaveLength(1 + 122);
    // Asking for full numbers is audited: who, when, how many rows.
    const audit = await env.store.listRecentAudit(['privacy'], 5);
    expect(audit.map((a) => [a.actor, a.field, a.newValue])).toEqual([[STAFF_USER, 'csv_full_numbers', expect.stringMatching(/^\{"calls":\d+\}$/)]]);
    const orders = (await (await s.get('/orders.csv?number=100001')).text()).trim().split('\r\n');
    expect(orders).toHaveLength(2);
    expect(orders[1]).toMatch(/^\d+,100001,received,/);
  });
});
