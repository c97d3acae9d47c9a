import { beforeEach, describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { addCall } from './fixture.ts';

describe('status changes, notes and the audit trail', () => {
  let env: ReturnType<typeof makeApp>;
  let s: Awaited<ReturnType<typeof signIn>>;
  let callId = 0;
  let orderId = 0;
  beforeEach(async () => {
    env = makeApp();
    await createStaff(env.store);
    s = await signIn(env.app);
    callId = (await addCall(env.store, { sid: 'CAact', from: '+4915112345678', at: new Date('2026-11-20T09:00:00Z'), consent: true, order: '80001', endAfter: 60 })).id;
    orderId = (await env.store.getOrderByNumber('80001'))!.id;
  });

  it('refuses a status form without a valid CSRF token or from another origin, and changes nothing', async () => {
    expect((await s.postForm(`/calls/${callId}/status`, { status: 'problem' })).status).toBe(403);
    expect((await s.postForm(`/calls/${callId}/status`, { status: 'problem', _csrf: 'forged' })).status).toBe(403);
    const token = await s.csrf();
    expect((await s.postForm(`/orders/${orderId}/status`, { status: 'shipped', _csrf: token }, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await env.store.getCall(callId))!.status).toBe('completed');
    expect((await env.store.getOrder(orderId))!.status).toBe('received');
    // Only the caller's creation of the order is in its history: nothing staff did.
    expect((await env.store.listAudit('order', orderId)).map((e) => e.field)).toEqual(['created']);
  });

  it('changes a call status by form, confirms it, and shows who changed what in the history', async () => {
    const res = await s.postForm(`/calls/${callId}/status`, { status: 'problem', _csrf: await s.csrf() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/calls/${callId}?done=status_changed`);
    const html = await (await s.get(res.headers.get('location')!)).text();
    expect(html).toContain('Der Status wurde geändert.');
    expect(html).toMatch(/<strong>anna<\/strong> hat den Status geändert: Beendet → Problem/);
    const audit = await env.store.listAudit('call', callId);
    expect(audit).toMatchObject([{ actor: 'anna', field: 'status', oldValue: 'completed', newValue: 'problem' }]);
    expect((await s.postForm(`/calls/${callId}/status`, { status: 'bogus', _csrf: await s.csrf() })).status).toBe(400);
  });

  it('changes an order status and adds notes, each confirmed and audited', async () => {
    const token = await s.csrf();
    const a = await s.postForm(`/orders/${orderId}/status`, { status: 'shipped', _csrf: token });
    expect(a.headers.get('location')).toBe(`/orders/${orderId}?done=status_changed`);
    const b = await s.postForm(`/orders/${orderId}/status`, { note: 'Paket bei DHL abgegeben', _csrf: token });
    expect(b.headers.get('location')).toBe(`/orders/${orderId}?done=note_added`);
    const html = await (await s.get(b.headers.get('location')!)).text();
    expect(html).toContain('Die Notiz wurde hinzugefügt.');
    expect(html).toContain('Paket bei DHL abgegeben');
    expect(html).toMatch(/hat den Status geändert: Eingegangen → Versendet/);
    expect(html).toContain('hat eine Notiz hinzugefügt');
    expect(html).toMatch(/<span class="badge s-shipped">Versendet<\/span>/);
    expect((await s.postForm(`/orders/${orderId}/status`, { status: 'lost', _csrf: token })).status).toBe(400);
    expect((await s.postForm(`/orders/${orderId}/status`, { _csrf: token })).status).toBe(400);
    expect((await env.store.listAudit('order', orderId)).map((e) => e.field)).toEqual(['created', 'status', 'note']);
    expect((await s.postForm(`/orders/${orderId}/status`, { note: 'x'.repeat(100_000), _csrf: token })).status).toBe(413);
  });

  it('JSON API: changes statuses for signed-in staff, 400 with a reason on a bad status, audited', async () => {
    const ok = await s.postJson(`/api/orders/${orderId}/status`, { status: 'processing' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: orderId, status: 'processing', previous: 'received', changed: true });
    const bad = await s.postJson(`/api/orders/${orderId}/status`, { status: 'teleported' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string; reason: string };
    expect(body.error).toBe('invalid_status');
    expect(body.reason).toContain('received, processing, shipped, delivered, cancelled');
    const call = await s.postJson(`/api/calls/${callId}/status`, { status: 'problem' });
    expect(await call.json()).toMatchObject({ status: 'problem', previous: 'completed', changed: true });
    expect((await s.postJson(`/api/calls/${callId}/status`, { status: 'done' })).status).toBe(400);
    expect((await s.postJson(`/api/calls/${callId}/status`, ['problem'])).status).toBe(400);
    expect((await s.postJson('/api/calls/424242/status', { status: 'problem' })).status).toBe(404);
    // A cross-site form cannot send JSON, so anything else is refused.
    expect((await s.postForm(`/api/calls/${callId}/status`, { status: 'processed' })).status).toBe(415);
    expect((await env.store.listAudit('order', orderId))).toMatchObject([{ field: 'created' }, { actor: 'anna', oldValue: 'received', newValue: 'processing' }]);
    expect((await env.store.listAudit('call', callId))).toMatchObject([{ actor: 'anna', oldValue: 'completed', newValue: 'problem' }]);
    expect((await env.store.getCall(callId))!.status).toBe('problem');
  });
});
