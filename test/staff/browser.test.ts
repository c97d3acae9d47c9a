// The staff pages in real Chromium (Debian's package, driven by playwright-core) against the real
// edge process: sign in, filter calls, open one, change an order's status, switch language, watch
// a live call appear. Screenshots at desktop and phone widths go to test-output/staff/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeCall } from '../../src/sim/call.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { signTwilioRequest } from '../../src/telephony/signature.ts';
import { freePort, ROOT, startTs, tempDir, waitForHealth, type Started } from '../helpers/spawn-edge.ts';
import { addCall, addMany } from './fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output', 'staff');
const TOKEN = 'browser-test-token-0123';
const USER = 'anna';
const PASSWORD = 'browser test password';
const have = existsSync(CHROMIUM);
if (!have) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium package`);
  console.warn(`[staff browser tests] skipped: ${CHROMIUM} not found (apt-get install chromium)`);
}

describe.skipIf(!have)('staff pages in Chromium', () => {
  let edge: Started;
  let browser: Browser;
  let page: Page;
  let base = '';
  const cspErrors: string[] = [];

  const shoot = async (name: string) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(OUT, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(OUT, `${name}-phone.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const dir = tempDir('liza-staff-browser-');
    const db = join(dir, 'liza.db');
    // Volume through the store (the same writes the webhooks make), before the edge opens the file.
    const store = createSqliteStore(db);
    await addMany(store, 80, new Date(Date.now() - 3_600_000), 360);
    await addCall(store, { sid: 'CAbrowserxss', from: '+4915199990000', at: new Date(Date.now() - 7_200_000), callerName: '<img src=x onerror=alert(1)>', consent: true, order: '555000', endAfter: 75 });
    await store.close();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    edge = startTs('src/edge/main.node.ts', { PORT: String(port), DATABASE_URL: db, TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: base, ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD });
    await waitForHealth(`${base}/health`, edge);
    // And two calls through the signed webhooks, as Twilio would make them.
    await placeCall({ publicBaseUrl: base, authToken: TOKEN, from: '+447700900123', callSid: 'CAbrowseruk' }, scriptedCaller(['1', '4242#', '1', '9']));
    await placeCall({ publicBaseUrl: base, authToken: TOKEN, from: '+4915112345678', callSid: 'CAbrowserde' }, scriptedCaller(['1', '555000#', '1', '9']));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const ctx = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    // No Playwright deadlines: each step waits for its element or page, and the test's timeout is the limit.
    ctx.setDefaultTimeout(0);
    ctx.setDefaultNavigationTimeout(0);
    page = await ctx.newPage();
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text()) && cspErrors.push(m.text()));
    page.on('dialog', (d) => void d.dismiss().then(() => cspErrors.push(`dialog: ${d.message()}`)));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await edge?.stop();
  });

  it('signs in and lands on the page it came for', async () => {
    await page.goto(`${base}/calls`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await shoot('01-login');
    await page.getByLabel('Benutzername').fill(USER);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${base}/calls`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Anrufe');
    expect(await page.locator('p.count').textContent()).toBe('83 Treffer');
  });

  it('filters calls, keeping the filters in the URL', async () => {
    await page.locator('form.filters select[name=lang]').selectOption('en-GB');
    await page.locator('form.filters input[name=from]').fill('7700900');
    await page.locator('form.filters button[type=submit]').click();
    await page.waitForURL(/lang=en-GB/);
    const url = new URL(page.url());
    expect(url.searchParams.get('from')).toBe('7700900');
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text).toContain('+44 7700 900');
    await shoot('02-calls-filtered');
  });

  it('opens a call with its timeline, consent and order', async () => {
    await page.goto(`${base}/calls?from=15199990000`);
    await page.locator('tbody tr a').first().click();
    await page.waitForURL(/\/calls\/\d+$/);
    expect(await page.locator('h1').textContent()).toBe('+49 1519 9990000');
    expect(await page.locator('.facts').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('.timeline li').count()).toBeGreaterThanOrEqual(4);
    await shoot('03-call-detail');
  });

  it('changes an order status and confirms it, with the change in the history', async () => {
    await page.locator('.order-link a').first().click();
    await page.waitForURL(/\/orders\/\d+$/);
    await page.locator('form.inline-form select[name=status]').selectOption('shipped');
    await page.getByRole('button', { name: 'Status speichern' }).click();
    await page.waitForURL(/done=status_changed/);
    expect(await page.locator('.notice.ok').textContent()).toBe('Der Status wurde geändert.');
    expect(await page.locator('.audit').textContent()).toContain('Eingegangen → Versendet');
    await page.getByLabel('Neue Notiz').fill('Kunde informiert, Sendung unterwegs.');
    await page.getByRole('button', { name: 'Notiz hinzufügen' }).click();
    await page.waitForURL(/done=note_added/);
    expect(await page.locator('.notes').textContent()).toContain('Kunde informiert');
    await shoot('04-order-detail');
  });

  it('switches to English and stays there', async () => {
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toMatch(/^Order \d+$/);
    await page.getByRole('link', { name: 'Calls', exact: true }).click();
    await page.waitForURL(`${base}/calls`);
    expect(await page.locator('h1').textContent()).toBe('Calls');
    await page.goto(`${base}/flow`);
    expect(await page.locator('h1').textContent()).toBe('Call flow');
    await page.locator('svg.flow-diagram').screenshot({ path: join(OUT, '05-flow-diagram.png') });
    await shoot('05-flow');
  });

  it('shows a new call on the dashboard without reloading', async () => {
    await page.goto(`${base}/`);
    expect(await page.locator('svg.chart').count()).toBe(2);
    await shoot('06-dashboard');
    const params = { CallSid: 'CAbrowserlive', From: '+14155550199', To: '+4930123456', CallStatus: 'ringing', CallerName: 'Live Caller' };
    const res = await fetch(`${base}/webhook/voice`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signTwilioRequest(TOKEN, `${base}/webhook/voice`, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    // Before consent the panel shows the masked number only: the caller ID name is not stored yet (issue 15).
    await page.locator('#live-calls', { hasText: '+1 ••••••••99' }).waitFor();
    expect(await page.locator('#live-calls').textContent()).not.toContain('Live Caller');
    expect(await page.locator('#live-count').textContent()).toBe('1');
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await shoot('07-dashboard-live');
  });

  it('raised no CSP violation and ran no injected script', () => {
    expect(cspErrors).toEqual([]);
  });
});
