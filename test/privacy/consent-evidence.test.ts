// Issue 15 point 2: each consent keeps what was asked (the exact words, as a version of the locale
// text) and answered (key, language, time, call), and the call page shows it. That a changed text
// becomes version 2 is in the store contract (test/store/contract-calls.ts), on both databases.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/edge/app.ts';
import { parseConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { TEST_TOKEN } from '../helpers/app.ts';
import { walkCall } from '../helpers/sim.ts';
import { createStaff, signIn } from '../helpers/staff.ts';

describe('consent evidence', () => {
  it('is kept per consent, versioned when the question changes, and shown on the call page', async () => {
    const store = createSqliteStore(':memory:');
    const appFor = (company: string) => {
      const config = parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN, COMPANY_NAME: company });
      return { app: createApp({ store, config, logger: silentLogger() }), config };
    };
    const v1 = appFor('Beispiel GmbH');
    // German, then the caller switches to English (8) and agrees there: the evidence is the English question.
    const a = await walkCall(v1.app, v1.config, '+4915112345678', ['1', '4711#', '1', '9']);
    const b = await walkCall(v1.app, v1.config, '+4915100000002', ['8', '1', '4711#', '1', '9']);
    const v2 = appFor('Andere AG');
    const c = await walkCall(v2.app, v2.config, '+4915100000003', ['2']);

    const ev = async (sid: string) => (await store.getConsent((await store.getCallBySid(sid))!.id))!;
    const ea = await ev(a.callSid);
    expect(ea).toMatchObject({ given: true, evidence: { language: 'de-DE', digits: '1', promptVersion: 1 } });
    // The words are exactly those the caller heard (the simulator recorded what was said).
    expect(a.text).toContain(ea.evidence!.promptText);
    expect(ea.evidence!.promptText).toContain('drücken Sie bitte die 1');
    const eb = await ev(b.callSid);
    expect(eb.evidence).toMatchObject({ language: 'en-GB', digits: '1', promptVersion: 1 });
    expect(b.text).toContain(eb.evidence!.promptText);
    // Another deployment's company name is not part of the consent question: the same version.
    const ec = await ev(c.callSid);
    expect(ec).toMatchObject({ given: false, evidence: { language: 'de-DE', digits: '2' } });
    expect(ec.evidence!.promptHash).toBe(ea.evidence!.promptHash);

    await createStaff(store);
    const s = await signIn(v1.app);
    const call = (await store.getCallBySid(a.callSid))!;
    const html = await (await s.get(`/calls/${call.id}`)).text();
    expect(html).toContain('Nachweis der Einwilligung');
    expect(html).toContain(ea.evidence!.promptText);
    expect(html).toContain(ea.evidence!.promptHash.slice(0, 12));
    expect(html).toContain(`<code>${a.callSid}</code>`);
    expect(html).toMatch(/Fassung 1 \(verwendet seit/);
  });
});
