// Orders and the team in real Chromium (Debian's package, driven by playwright-core) against the
// real edge process: a CSV import through its preview, a new staff member, an API key shown once.
// Screenshots at desktop and phone widths go to test-output/staff/ (orders-*, team-*).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ROOT, startTs, tempDir, waitForHealth, type Started } from '../helpers/spawn-edge.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output', 'staff');
const ADMIN = 'chef';
const PASSWORD = 'browser admin password';
const have = existsSync(CHROMIUM);
if (!have) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium package`);
  console.warn(`[staff browser tests] skipped: ${CHROMIUM} not found (apt-get install chromium)`);
}

const CSV = [
  'number;status;phones;name;note',
  '100234;shipped;+4915112345678;Anna Müller;',
  '100235;processing;+447700900123 | +442071234567;"Smith; John";Gift wrap',
  '100236;verschickt;;;',
  '12;received;;;',
  ...Array.from({ length: 20 }, (_, i) => `${200000 + i};${['received', 'processing', 'shipped', 'delivered'][i % 4]};;;`),
].join('\n');

describe.skipIf(!have)('orders and the team in Chromium', () => {
  let edge: Started;
  let browser: Browser;
  let page: Page;
  let base = '';
  const problems: string[] = [];

  const shoot = async (name: string) => {
    for (const [w, h, kind] of [[1280, 900, 'desktop'], [390, 844, 'phone']] as const) {
      await page.setViewportSize({ width: w, height: h });
      // Nothing may scroll sideways at either width (long reasons and numbers wrap).
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} at ${kind} width`).toBe(true);
      await page.screenshot({ path: join(OUT, `${name}-${kind}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const db = join(tempDir('liza-orders-browser-'), 'liza.db');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    edge = startTs('src/edge/main.node.ts', { PORT: String(port), DATABASE_URL: db, TWILIO_AUTH_TOKEN: 'browser-orders-token-01', PUBLIC_BASE_URL: base, ADMIN_USER: ADMIN, ADMIN_PASSWORD: PASSWORD });
    await waitForHealth(`${base}/health`, edge);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const ctx = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    page = await ctx.newPage();
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await edge?.stop();
  });

  it('signs in as the admin', async () => {
    await page.goto(`${base}/orders`);
    await page.getByLabel('Benutzername').fill(ADMIN);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${base}/orders`);
    expect(await page.locator('.main-nav').textContent()).toContain('Team & API');
  });

  it('imports a CSV file: preview with per-line errors, then apply', async () => {
    await page.getByRole('link', { name: 'CSV importieren' }).first().click();
    await page.waitForURL(`${base}/orders/import`);
    await page.getByLabel('CSV-Datei').setInputFiles({ name: 'bestellungen.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await page.getByRole('button', { name: 'Datei prüfen' }).click();
    await page.waitForURL(/\/orders\/import\/\d+$/);
    expect(await page.locator('h1').textContent()).toBe('Import prüfen: bestellungen.csv');
    expect(await page.locator('.import-counts').textContent()).toContain('neue Bestellungen22');
    const errors = await page.locator('table.errors tbody tr').allTextContents();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^4status: unknown status "verschickt"/);
    expect(errors[1]).toMatch(/^5number: "12" is not 4 to 12 digits/);
    await shoot('orders-import-preview');
    await page.getByRole('button', { name: '22 Bestellungen importieren, 2 fehlerhafte Zeilen überspringen' }).click();
    await page.waitForURL(/done=imported/);
    expect(await page.locator('.notice.ok').textContent()).toBe('Die Bestellungen wurden importiert.');
    expect(await page.locator('h1').textContent()).toBe('Importiert: bestellungen.csv');
    await shoot('orders-import-applied');
    await page.getByRole('link', { name: 'Zu den Bestellungen' }).click();
    await page.waitForURL(`${base}/orders`);
    expect(await page.locator('p.count').textContent()).toBe('22 Treffer');
    await page.locator('form.filters input[name=number]').fill('100235');
    await page.locator('form.filters button[type=submit]').click();
    await page.waitForURL(/number=100235/);
    await page.locator('tbody tr a').first().click();
    await page.waitForURL(/\/orders\/\d+$/);
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain('Smith; John');
    expect(facts).toContain('+44 7700 900123, +44 20 7123 4567');
    expect(await page.locator('.audit').textContent()).toContain(`${ADMIN} hat die Bestellung aus den Daten des Shops angelegt`);
    await shoot('orders-detail-from-shop');
  });

  it('adds a staff member, who then signs in without the admin pages', async () => {
    await page.getByRole('link', { name: 'Team & API' }).click();
    await page.waitForURL(`${base}/settings/staff`);
    const form = page.locator('form.add-user');
    await form.getByLabel('Benutzername').fill('ben');
    await form.getByLabel('Passwort').fill('bens erstes passwort');
    await form.getByLabel('Rolle').selectOption('staff');
    await form.getByRole('button', { name: 'Hinzufügen' }).click();
    await page.waitForURL(/done=user_added/);
    expect(await page.locator('.notice.ok').textContent()).toBe('Das Konto wurde angelegt.');
    expect(await page.locator('tbody').textContent()).toContain('ben');
    expect(await page.locator('.audit').textContent()).toContain(`${ADMIN} hat das Konto ben angelegt (Mitarbeitende)`);
    await shoot('team-user-added');

    await page.getByRole('link', { name: 'API-Schlüssel' }).click();
    await page.getByLabel('Name').fill('shop');
    await page.getByRole('button', { name: 'Schlüssel erstellen' }).click();
    const key = await page.locator('code.secret').textContent();
    expect(key).toMatch(/^liza_[A-Za-z0-9_-]{40,}$/);
    await shoot('team-api-key-created');
    // The key really works, once.
    const res = await fetch(`${base}/api/v1/orders/100234`, { headers: { Authorization: `Bearer ${key}` } });
    expect((await res.json()).order.status).toBe('shipped');
    // Shown once: the list never shows it again.
    await page.goto(`${base}/settings/api-keys`);
    expect(await page.locator('code.secret').count()).toBe(0);
    expect(await page.content()).not.toContain(key!);

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/login/);
    await page.getByLabel('Benutzername').fill('ben');
    await page.getByLabel('Passwort').fill('bens erstes passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator('.main-nav').textContent()).not.toContain('Team & API');
    const forbidden = await page.goto(`${base}/settings/staff`);
    expect(forbidden!.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Nur für Administratoren');
    expect(problems).toEqual([]);
  });
});
