// The call timeline shows what the caller heard, in the language they heard it, not the IVR's
// internal tokens (`<digits:…>`, `<hangup>`, locale keys), for new and for older events.
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app.ts';
import { walkCall } from '../helpers/sim.ts';
import { createStaff, signIn } from '../helpers/staff.ts';

const saidOf = (html: string) => [...html.matchAll(/<details class="ev-said">[\s\S]*?<\/details>/g)].map((m) => m[0]);
const TOKENS = /&lt;(digits|order_status|hangup|gather|connect_ai|dial|record)|\b(consent|order|confirm|help|status|common|voicemail)\.[a-z_]+\b/;

describe('the call timeline', () => {
  it('shows the sentences, the digits as read back, the status said and the hang-up, switched language included', async () => {
    const env = makeApp();
    await createStaff(env.store);
    const s = await signIn(env.app);
    const r = await walkCall(env.app, env.config, '+4915112345678', ['8', '1', '4711#', '1', '9']);
    const call = (await env.store.getCallBySid(r.callSid))!;
    const html = await (await s.get(`/calls/${call.id}`)).text();
    const said = saidOf(html);
    expect(said).toHaveLength(6);
    for (const block of said) expect(block).not.toMatch(TOKENS);
    // Each line in the language it was spoken in: German, then English after the switch.
    expect(said[0]).toContain('<li lang="de-DE">Liza Demo GmbH, guten Tag! Hier spricht Liza, die digitale Assistentin.</li>');
    expect(said[0]).toContain('<li lang="en-GB">For English, press 8.</li>');
    expect(said[1]).toContain('<li lang="en-GB">Thank you for calling Liza Demo GmbH. This is Liza, the digital assistant.</li>');
    expect(said[1]).toContain('<li lang="de-DE">Für Deutsch drücken Sie die 8.</li>');
    expect(said[3]).toContain('<li class="said-digits">4 7 1 1</li>');
    expect(said[4]).toContain('<li lang="en-GB">I&#39;ve noted order number 4 7 1 1. Our team will check it and get back to you.</li>');
    expect(said[5]).toContain('<li class="said-note">— Liza legt auf —</li>');
  });

  it('reads the tokens older events carry, and keeps a status changed since as it was said', async () => {
    const env = makeApp();
    await createStaff(env.store);
    const s = await signIn(env.app);
    const base = { callSid: 'CAold', fromMasked: '+49 •••••••••78', toNumber: null, language: 'en-GB' as const, at: new Date() };
    const { call } = await env.store.applyTurn({
      call: base,
      event: { key: 'ivr:3', kind: 'ivr', step: 'order_confirm', digits: '1', detail: { outcome: 'pressed_1', said: ['<order_status>', 'help.intro', '<digits:1234>', '<hangup>', 'no such thing!', 42] }, at: base.at },
    });
    const html = await (await s.get(`/calls/${call.id}`, { 'Accept-Language': 'en' })).text();
    const [block] = saidOf(html);
    expect(block).not.toMatch(TOKENS);
    expect(block).toContain('<li class="said-note">(the order status at the time)</li>');
    expect(block).toContain('<li lang="en-GB">How else can I help?</li>');
    expect(block).toContain('<li class="said-digits">1 2 3 4</li>');
    expect(block).toContain('<li class="said-note">— Liza hangs up —</li>');
    expect((block!.match(/<li/g) ?? []).length).toBe(4);
  });

  it('shows a 5,000-digit entry cut short, the whole of it one click away', async () => {
    const env = makeApp();
    await createStaff(env.store);
    const s = await signIn(env.app);
    const digits = '1234567890'.repeat(500);
    const r = await walkCall(env.app, env.config, '+447700900123', ['1', `${digits}#`, '9', '9', '9']);
    const call = (await env.store.getCallBySid(r.callSid))!;
    const html = await (await s.get(`/calls/${call.id}`, { 'Accept-Language': 'en' })).text();
    expect(html).toContain('<kbd>123456789012345678901234…</kbd> (5000 keys)');
    expect(html).toContain(`<kbd class="all">${digits}</kbd>`);
  });
});
