import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedSqlite } from '../../scripts/seed.ts';
import { csvCell } from '../../src/edge/routes/admin/csv.ts';
import { sameToken } from '../../src/edge/auth/tokens.ts';
import { safeNext } from '../../src/edge/auth/safe-next.ts';
import { makeApp } from '../helpers/app.ts';
import { openSqlite } from '../../src/store/sqlite/db.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { formatDateTime, formatPhone } from '../../src/views/format.ts';
import { berlinDay, berlinDayStart, nextDay } from '../../src/views/time.ts';
import { assertProperty } from '../helpers/property.ts';

describe('Europe/Berlin days', () => {
  it('starts days at Berlin midnight across both daylight-saving switches', () => {
    expect(berlinDayStart('2026-01-15')!.toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(berlinDayStart('2026-07-15')!.toISOString()).toBe('2026-07-14T22:00:00.000Z');
    expect(berlinDayStart('2026-03-29')!.toISOString()).toBe('2026-03-28T23:00:00.000Z'); // the 23-hour day
    expect(berlinDayStart('2026-03-30')!.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(berlinDayStart('2026-10-25')!.toISOString()).toBe('2026-10-24T22:00:00.000Z'); // the 25-hour day
    expect(berlinDayStart('2026-10-26')!.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '', '2026-01-01T00:00']) expect(berlinDayStart(bad)).toBeNull();
  });

  it('every instant falls in the Berlin day whose start precedes it and whose next start follows it', () => {
    assertProperty(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), (t) => {
        const day = berlinDay(t);
        expect(berlinDayStart(day)!.getTime()).toBeLessThanOrEqual(t);
        expect(berlinDayStart(nextDay(day))!.getTime()).toBeGreaterThan(t);
      }),
    );
  });

  it('formats dates in the staff language on Berlin time, and numbers internationally', () => {
    const d = new Date('2026-07-01T22:30:00Z');
    expect(formatDateTime(d, 'de')).toBe('02.07.2026, 00:30:00');
    expect(formatDateTime(d, 'en')).toBe('2 Jul 2026, 00:30:00');
    expect(formatPhone('+447700900123', '+44 ••••••••23')).toBe('+44 7700 900123');
    expect(formatPhone(null, '+44 ••••••••23')).toBe('+44 ••••••••23');
  });
});

describe('small codecs', () => {
  it('picks the UI language: cookie, then the best Accept-Language match, then German', async () => {
    const { app } = makeApp();
    const lang = async (cookie: string | null, accept: string | null) => {
      const headers: Record<string, string> = {};
      if (cookie) headers.Cookie = `liza_lang=${cookie}`;
      if (accept) headers['Accept-Language'] = accept;
      const html = await (await app.request('/login', { headers })).text();
      return /<html lang="(\w+)"/.exec(html)?.[1];
    };
    expect(await lang('en', 'de')).toBe('en');
    expect(await lang(null, 'fr;q=1, en;q=0.5, de;q=0.7')).toBe('de');
    expect(await lang(null, 'en-US,en;q=0.9')).toBe('en');
    expect(await lang(null, 'EN-gb')).toBe('en');
    expect(await lang(null, 'de;q=0, en;q=0.1')).toBe('en');
    expect(await lang(null, 'fr, it;q=0.5')).toBe('de');
    expect(await lang('xx', null)).toBe('de');
  });

  it('compares tokens exactly: same token yes; another, a prefix, a longer one or none no', () => {
    const t = 'q3F9-token_ÄÖü';
    expect(sameToken(t, t)).toBe(true);
    for (const other of ['q3F9-token_ÄÖu', t.slice(0, -1), `${t}x`, t.toUpperCase(), '', undefined]) expect(sameToken(other, t)).toBe(false);
    expect(sameToken(t, '')).toBe(false);
  });

  it('follows only same-site paths after sign-in', () => {
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', '', null]) expect(safeNext(bad)).toBe('/');
    expect(safeNext('/calls?status=problem')).toBe('/calls?status=problem');
  });

  it('quotes CSV cells and defuses formulas', () => {
    assertProperty(
      fc.property(fc.string(), (s) => {
        const cell = csvCell(s);
        expect(/^[=+\-@\t\r]/.test(cell.replace(/^"/, ''))).toBe(false);
        if (/[",\r\n]/.test(s)) expect(cell.startsWith('"') && cell.endsWith('"')).toBe(true);
      }),
    );
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell(null)).toBe('');
  });
});

describe('npm run seed', () => {
  it('writes calls the store and the number search read back', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'liza-seed-')), 'seed.db');
    const { raw } = openSqlite(db);
    const res = seedSqlite(raw, { calls: 400, days: 30, seed: 7, now: new Date('2026-11-21T12:00:00Z'), live: 2 });
    raw.close();
    expect(res.calls).toBe(400);
    const store = createSqliteStore(db);
    const all = await store.listCalls({}, { offset: 0, limit: 50, countCap: 10_000 });
    expect(all.total).toBe(400);
    expect((await store.listLiveCalls(new Date('2026-11-21T11:00:00Z'), 10)).length).toBe(2);
    const withNumber = all.rows.find((r) => r.fromFull)!;
    const found = await store.listCalls({ from: withNumber.fromFull!.slice(-7) }, { offset: 0, limit: 50, countCap: 10_000 });
    expect(found.rows.map((r) => r.id)).toContain(withNumber.id);
    expect((await store.listOrders({}, { offset: 0, limit: 50, countCap: 10_000 })).total).toBe(res.orders);
    await store.close();
  });

  it('answers a very common number pattern from the newest calls, with a capped count', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'liza-seed-')), 'many.db');
    const { raw } = openSqlite(db);
    seedSqlite(raw, { calls: 14_000, days: 30, seed: 3, now: new Date('2026-11-21T12:00:00Z'), live: 0 });
    raw.close();
    const store = createSqliteStore(db);
    const page = { offset: 0, limit: 50, countCap: 10_000 };
    // About 80 % of seeded callers are German: more matches than the trigram lookup reads.
    const common = await store.listCalls({ from: '+49' }, page);
    expect(common).toMatchObject({ total: 10_000, capped: true });
    expect(common.rows).toHaveLength(50);
    expect(common.rows.every((r) => (r.fromFull ?? r.fromMasked).includes('+49'))).toBe(true);
    const sorted = [...common.rows].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
    expect(common.rows.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
    // Combined with another filter it is counted for real.
    const problems = await store.listCalls({ from: '+49', status: 'problem' }, page);
    expect(problems.capped).toBe(false);
    expect(problems.total).toBeGreaterThan(100);
    expect(problems.rows.every((r) => r.status === 'problem' && (r.fromFull ?? r.fromMasked).includes('+49'))).toBe(true);
    await store.close();
  });
});
