// Debian's Chromium driven by playwright-core, as the staff page tests use it: a German page that
// collects CSP violations and script errors, and screenshots at desktop and phone width.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT } from './spawn-edge.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-output', 'staff');

/** Whether Chromium is installed; off CI a missing one skips (with a line why), in CI it fails. */
export function haveChromium(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium package`);
  console.warn(`[${what}] skipped: ${CHROMIUM} not found (apt-get install chromium)`);
  return false;
}

export async function openStaffPage(): Promise<{ browser: Browser; page: Page; problems: string[] }> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const ctx = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  return { browser, page, problems };
}

/** Screenshots at desktop and phone width; nothing may scroll sideways at either (long numbers wrap). */
export async function shoot(page: Page, name: string): Promise<void> {
  for (const [w, h, kind] of [[1280, 900, 'desktop'], [390, 844, 'phone']] as const) {
    await page.setViewportSize({ width: w, height: h });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} at ${kind} width`).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${kind}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
