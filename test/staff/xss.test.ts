import { describe, expect, it } from 'vitest';
import { makeApp, signedPost } from '../helpers/app.ts';
import { createStaff, signIn } from '../helpers/staff.ts';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
// Long key presses are shown cut after 24 characters (`…`), escaped like the rest.
const raw = (html: string) => html.includes(SCRIPT) || /<img src=x/i.test(html) || /onerror=alert/.test(html.replace(/&lt;img src=x onerror=alert(\(1\)&gt;|…)/g, ''));

describe('everything a caller or Twilio sends is shown escaped', () => {
  it('escapes From, CallerName, digits, transcripts, AI lines and notes on every page', async () => {
    const { app, store, config } = makeApp();
    await createStaff(store);
    const s = await signIn(app);
    // Through the signed webhooks, as an attacker with a spoofed caller ID would.
    await signedPost(app, config, '/webhook/voice', { CallSid: 'CAxss', From: SCRIPT, To: IMG, CallerName: SCRIPT + IMG, CallStatus: 'ringing' });
    const viaHook = (await store.getCallBySid('CAxss'))!;
    // And straight into the store, in case another path ever stores a raw number.
    const r = await store.applyTurn({
      call: { callSid: 'CAxss2', fromMasked: IMG, toNumber: SCRIPT, language: 'en-GB', at: new Date() },
      event: { key: 'ivr:1', kind: 'ivr', step: SCRIPT, digits: IMG, text: SCRIPT, detail: { outcome: IMG, said: [SCRIPT] }, at: new Date() },
      consent: { given: true, fromFull: SCRIPT, callerName: IMG },
      saveOrder: { number: '12345' },
    });
    await store.addCallEvent('CAxss2', { key: 'ai:1', kind: 'ai', step: 'user', text: `Hi ${SCRIPT} ${IMG}`, at: new Date() });
    await store.saveRecording({ callSid: 'CAxss2', recordingSid: 'REx', url: 'https://api.twilio.com/x', status: 'completed', durationS: 3, at: new Date() });
    const rec = (await store.listRecordingsForCall(r.call.id))[0]!;
    await store.setTranscript(rec.id, { status: 'done', text: `Transcript ${SCRIPT} ${IMG}` });
    const order = (await store.getOrderByNumber('12345'))!;
    await s.postForm(`/orders/${order.id}/status`, { note: `note ${SCRIPT} ${IMG}`, _csrf: await s.csrf() });

    for (const path of ['/', '/calls', `/calls/${viaHook.id}`, `/calls/${r.call.id}`, `/orders/${order.id}`, '/calls?from=%3Cscript%3E', `/login?next=${encodeURIComponent(SCRIPT)}`]) {
      const html = await (await s.get(path)).text();
      expect(raw(html), path).toBe(false);
    }
    const detail = await (await s.get(`/calls/${r.call.id}`)).text();
    expect(detail).toContain('Transcript &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(detail).toContain('Hi &lt;script&gt;');
    expect(detail).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const hook = await (await s.get(`/calls/${viaHook.id}`)).text();
    // Before consent the caller ID name is not stored at all (issue 15); the stored one (CAxss2) is escaped above.
    expect(viaHook.callerName).toBeNull();
    expect(hook).not.toContain('onerror');
    // The live-calls stream sends server-escaped HTML too.
    const live = await s.get('/live');
    const reader = live.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(first).toContain('&lt;script&gt;');
    expect(raw(first)).toBe(false);
  });
});
