// /privacy in real Chromium (Debian's package, driven by playwright-core) against the real edge
// process: find a caller by number as typed, download the export, erase with the confirmation
// (a wrong one first), Twilio's recording DELETEd at the local fake. Screenshots: test-output/staff/privacy-*.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeCall } from '../../src/sim/call.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';
import { startFakeTwilioRest, type FakeTwilioRest } from '../fakes/fake-twilio-rest.ts';
import { haveChromium, openStaffPage, shoot as shootAt } from '../helpers/chromium.ts';
import { freePort, startTs, tempDir, waitForHealth, type Started } from '../helpers/spawn-edge.ts';

const ADMIN = 'chef';
const PASSWORD = 'browser admin password';
const have = haveChromium('privacy browser test');

describe.skipIf(!have)('the privacy page in Chromium', () => {
  let edge: Started;
  let fake: FakeTwilioRest;
  let browser: Browser;
  let page: Page;
  let base = '';
  let recordingSid = '';
  let problems: string[] = [];
  const shoot = (name: string) => shootAt(page, name);

  beforeAll(async () => {
    fake = await startFakeTwilioRest();
    const db = join(tempDir('liza-privacy-browser-'), 'liza.db');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    edge = startTs('src/edge/main.node.ts', {
      PORT: String(port), DATABASE_URL: db, PUBLIC_BASE_URL: base, ADMIN_USER: ADMIN, ADMIN_PASSWORD: PASSWORD,
      TWILIO_AUTH_TOKEN: fake.authToken, TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_API_BASE_URL: fake.baseUrl,
    });
    await waitForHealth(`${base}/health`, edge);
    // A caller who consents, notes an order and leaves a voice message (Twilio then holds the audio).
    const r = await placeCall({ publicBaseUrl: base, authToken: fake.authToken, from: '+4915112345678', callerName: 'Erika Mustermann' }, scriptedCaller(['1', '471100#', '1', '4']));
    recordingSid = r.requests.find((q) => q.params.RecordingSid)!.params.RecordingSid!;
    fake.recordings.add(recordingSid);
    await placeCall({ publicBaseUrl: base, authToken: fake.authToken, from: '+4917699887766', callerName: 'Max Beispiel' }, scriptedCaller(['1', '471200#', '1', '9']));
    ({ browser, page, problems } = await openStaffPage());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await edge?.stop();
    await fake?.close();
  });

  it('signs in and finds the caller by the number as typed', async () => {
    await page.goto(`${base}/privacy`);
    await page.getByLabel('Benutzername').fill(ADMIN);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${base}/privacy`);
    await page.getByLabel('Rufnummer').fill('0151 1234 5678');
    await page.getByRole('button', { name: 'Suchen' }).click();
    const found = page.locator('.privacy-found');
    await found.waitFor();
    const text = (await found.textContent())!;
    expect(text).toContain('Anrufe: 1');
    expect(text).toContain('Aufnahmen: 1');
    expect(text).toContain('Erika Mustermann');
    expect(text).toContain('471100');
    expect(text).not.toContain('471200');
    // The number went in a POST body, not into the address bar (history, access logs).
    expect(page.url()).toBe(`${base}/privacy`);
    await shoot('privacy-found');
  });

  it('downloads the export', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Als JSON herunterladen' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^liza-export-\d{4}-\d\d-\d\d\.json$/);
    const doc = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(doc).toMatchObject({ number: '+4915112345678', calls: [{ callerName: 'Erika Mustermann', recordings: [{ recordingSid }] }], orders: [{ number: '471100' }] });
    expect(JSON.stringify(doc)).not.toContain('17699887766');
  });

  it('erases only with the right confirmation, Twilio recording included', async () => {
    const confirm = page.getByLabel('Zur Bestätigung die Nummer noch einmal eingeben');
    await confirm.fill('+49 176 99887766');
    await page.getByRole('button', { name: 'Endgültig löschen' }).click();
    await page.locator('.notice.error', { hasText: 'nichts wurde gelöscht' }).waitFor();
    expect(fake.requests.filter((q) => q.method === 'DELETE')).toEqual([]);
    await page.getByLabel('Zur Bestätigung die Nummer noch einmal eingeben').fill('+49 151 12345678');
    await page.getByRole('button', { name: 'Endgültig löschen' }).click();
    await page.locator('.notice.ok', { hasText: 'Gelöscht' }).waitFor();
    expect(fake.requests.filter((q) => q.method === 'DELETE').map((q) => [q.path.split('/').pop(), q.status])).toEqual([[`${recordingSid}.json`, 204]]);
    // The log at the bottom: the export and the erasure, masked number only.
    const history = (await page.locator('ol.audit').textContent())!;
    expect(history).toContain('Löschung +49 •••••••••78');
    expect(history).toContain('Auskunft +49 •••••••••78');
    expect(history).not.toContain('12345678');
    await shoot('privacy-erased');
    // Found again: nothing is left under that number.
    await page.getByLabel('Rufnummer').fill('+4915112345678');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.locator('.privacy-found', { hasText: 'Anrufe: 0' }).waitFor();
  });

  it('raised no CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
