// What callers and Twilio send must not break the staff pages' layout: a 5,000-digit entry, an
// unbroken 600-character note and wide tables stay inside the page at desktop and phone width
// (tables may scroll inside their own box, the page never sideways). And a voice message Twilio
// no longer has says why under the player. Screenshots go to test-output/layout/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeCall } from '../../src/sim/call.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { startFakeRecordings, type FakeRecordings } from '../fakes/fake-twilio-recordings.ts';
import { IN_CI } from '../helpers/processes.ts';
import { freePort, ROOT, startTs, tempDir, waitForHealth, type Started } from '../helpers/spawn-edge.ts';
import { postSignedForm } from '../helpers/signed-http.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output', 'layout');
const TOKEN = 'layout-test-token-0123';
const SID = 'AC' + 'c'.repeat(32);
const USER = 'anna';
const PASSWORD = 'layout test password';
const have = existsSync(CHROMIUM);
if (!have) {
  if (IN_CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium package`);
  console.warn(`[layout browser tests] skipped: ${CHROMIUM} not found (apt-get install chromium)`);
}

const WIDTHS = [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }];

describe.skipIf(!have)('page layout with long input, in Chromium', () => {
  let edge: Started;
  let browser: Browser;
  let page: Page;
  let twilio: FakeRecordings;
  let base = '';
  let db = '';
  const ids: Record<string, number> = {};

  /** How far the page itself scrolls sideways at each width (0: it fits). Screenshots as it goes. */
  async function overflow(name: string, path: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    await page.goto(`${base}${path}`);
    // Open every <details> (the whole 5,000 digits, the prompts heard): the worst case.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    for (const w of WIDTHS) {
      await page.setViewportSize({ width: w.width, height: w.height });
      await page.screenshot({ path: join(OUT, `${name}-${w.name}.png`), fullPage: true });
      out[w.name] = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    }
    return out;
  }

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    twilio = await startFakeRecordings(SID, TOKEN);
    db = join(tempDir('liza-layout-'), 'liza.db');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    edge = startTs('src/edge/main.node.ts', {
      PORT: String(port), DATABASE_URL: db, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_ACCOUNT_SID: SID, TWILIO_API_BASE_URL: twilio.baseUrl,
      PUBLIC_BASE_URL: base, ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD,
    });
    await waitForHealth(`${base}/health`, edge);
    const digits = '1234567890'.repeat(500);
    await placeCall({ publicBaseUrl: base, authToken: TOKEN, from: '+447700900123', callSid: 'CAlayoutlong' }, scriptedCaller(['1', `${digits}#`, '4711#', '1', '9']));
    // A voice message on that call that Twilio no longer has (the fake answers 404).
    const rec = { CallSid: 'CAlayoutlong', RecordingSid: 'REgone', RecordingUrl: twilio.urlFor('REgone'), RecordingStatus: 'completed', RecordingDuration: '9' };
    const res = await postSignedForm(`${base}/webhook/recording`, rec, TOKEN);
    expect(res.status).toBe(200);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--autoplay-policy=no-user-gesture-required'],
    });
    page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill(USER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    const store = createSqliteStore(db);
    ids.call = (await store.getCallBySid('CAlayoutlong'))!.id;
    ids.order = (await store.getOrderByNumber('4711'))!.id;
    await store.close();
    // An unbroken note, as a paste of a tracking URL or a long reference would be.
    await page.goto(`${base}/orders/${ids.order}`);
    await page.locator('textarea[name=note]').fill('x'.repeat(300) + 'https://tracking.example/' + 'A1b2C3'.repeat(50));
    await page.locator('form.note-form button').click();
    await page.waitForURL(/done=/);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await edge?.stop();
    await twilio?.close();
  });

  it('a 5,000-digit entry keeps the call page inside the screen', async () => {
    expect(await overflow('call-5000-digits', `/calls/${ids.call}`)).toEqual({ desktop: 0, phone: 0 });
    await expect(page.locator('.ev-digits.long summary').first().textContent()).resolves.toContain('(5000 keys)');
  });

  it('an unbroken note and the lists\' wide tables stay inside the screen', async () => {
    expect(await overflow('order-long-note', `/orders/${ids.order}`)).toEqual({ desktop: 0, phone: 0 });
    expect(await overflow('calls-list', '/calls')).toEqual({ desktop: 0, phone: 0 });
    expect(await overflow('orders-list', '/orders')).toEqual({ desktop: 0, phone: 0 });
    expect(await overflow('dashboard', '/')).toEqual({ desktop: 0, phone: 0 });
    expect(await overflow('flow', '/flow')).toEqual({ desktop: 0, phone: 0 });
    // At phone width the menu tables stack instead of hiding columns behind a sideways scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    const scrolling = await page.evaluate(() => [...document.querySelectorAll('.flow-node .table-wrap')].filter((w) => w.scrollWidth > w.clientWidth).length);
    expect(scrolling).toBe(0);
    await page.locator('#node-consent').screenshot({ path: join(OUT, 'flow-consent-phone.png') });
  });

  it('a voice message Twilio no longer has: pressing play says why under the player', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/calls/${ids.call}`);
    const problem = page.locator('figure.recording .notice.error');
    await expect(problem.isHidden()).resolves.toBe(true);
    await page.locator('figure.recording audio').evaluate((a: HTMLAudioElement) => void a.play().catch(() => undefined));
    await problem.waitFor({ state: 'visible' });
    await expect(problem.textContent()).resolves.toBe('This recording cannot be played: Twilio no longer has it (HTTP 404). It was deleted or has expired.');
    await page.screenshot({ path: join(OUT, 'recording-problem-desktop.png'), fullPage: true });
  });
});
