import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Ctx } from './contract.ts';
import { at, T0, turn } from './fixtures.ts';

export function callsContract(store: Ctx): void {
  describe('calls: applyTurn', () => {
    it('creates the call on its first turn, in progress, with what Twilio told us', async () => {
      const r = await store().applyTurn(turn('CA1', 1, {}, { lang: 'en-GB' }));
      expect(r.fresh).toBe(true);
      expect(r.order).toBeNull();
      expect(r.call).toMatchObject({ callSid: 'CA1', fromMasked: '+49151****78', fromFull: null, toNumber: '+4930123456', language: 'en-GB', status: 'in_progress', endedAt: null, durationS: null });
      expect(r.call.startedAt).toEqual(at(1));
      expect(await store().getCall(r.call.id)).toEqual(r.call);
      expect(await store().getCallBySid('CA1')).toEqual(r.call);
    });

    it('a replayed webhook (same event key) changes nothing and says so', async () => {
      const first = await store().applyTurn(turn('CA1', 1));
      const again = await store().applyTurn({ ...turn('CA1', 1), event: { ...turn('CA1', 1).event, step: 'other', at: at(50) } });
      expect(again.fresh).toBe(false);
      expect(again.call).toEqual(first.call);
      const events = await store().listCallEvents(first.call.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ step: 'step1', kind: 'ivr', digits: '1', text: null, detail: { said: ['p1'] } });
      expect(events[0]!.at).toEqual(at(1));
    });

    it('later turns add events to the same call, listed in time order', async () => {
      const a = await store().applyTurn(turn('CA1', 2));
      await store().applyTurn(turn('CA1', 3));
      await store().applyTurn(turn('CA1', 1)); // arrives late but happened first
      const events = await store().listCallEvents(a.call.id);
      expect(events.map((e) => e.step)).toEqual(['step1', 'step2', 'step3']);
      expect(new Set(events.map((e) => e.callId))).toEqual(new Set([a.call.id]));
      // The first turn to arrive decides when the call started.
      expect((await store().getCallBySid('CA1'))!.startedAt).toEqual(at(2));
    });

    it('consent given: the call is processed and the full number kept, once', async () => {
      const r = await store().applyTurn(turn('CA1', 1, { consent: { given: true, fromFull: '+4915112345678' } }));
      expect(r.call).toMatchObject({ status: 'processed', fromFull: '+4915112345678' });
      expect(await store().getConsent(r.call.id)).toEqual({ callId: r.call.id, given: true, at: at(1), evidence: null });
      // A second answer (a replay with another key) does not overturn the first.
      const r2 = await store().applyTurn(turn('CA1', 2, { consent: { given: false, fromFull: null } }));
      expect(r2.call).toMatchObject({ status: 'processed', fromFull: '+4915112345678' });
      expect(await store().getConsent(r.call.id)).toEqual({ callId: r.call.id, given: true, at: at(1), evidence: null });
    });

    it('consent evidence: language, key, and the prompt heard as a version that changes only with its text', async () => {
      const prompt = (language: 'de-DE' | 'en-GB', text: string) => ({ language, text, hash: createHash('sha256').update(text).digest('hex') });
      const ask = prompt('de-DE', 'Drücken Sie die 1.');
      const yes = { given: true, fromFull: '+4915112345678', callerName: 'Erika Muster', digits: '1', prompt: ask };
      const a = await store().applyTurn(turn('CA1', 1, { consent: yes }));
      expect(a.call).toMatchObject({ fromFull: '+4915112345678', callerName: 'Erika Muster' });
      const ea = (await store().getConsent(a.call.id))!.evidence!;
      expect(ea).toEqual({ language: 'de-DE', digits: '1', promptVersion: 1, promptHash: ask.hash, promptText: ask.text, promptFirstUsedAt: at(1) });
      // The same wording again is the same version; another language counts its own versions.
      const b = await store().applyTurn(turn('CA2', 2, { consent: { ...yes, prompt: ask } }));
      expect((await store().getConsent(b.call.id))!.evidence).toMatchObject({ promptVersion: 1, promptFirstUsedAt: at(1) });
      const en = await store().applyTurn(turn('CA3', 3, { consent: { ...yes, prompt: prompt('en-GB', 'Press 1.') } }));
      expect((await store().getConsent(en.call.id))!.evidence).toMatchObject({ language: 'en-GB', promptVersion: 1 });
      // A changed locale text is a new version, and the old consent still shows the old one.
      const changed = prompt('de-DE', 'Bitte drücken Sie die 1.');
      const c = await store().applyTurn(turn('CA4', 4, { consent: { ...yes, digits: '1', prompt: changed } }));
      expect((await store().getConsent(c.call.id))!.evidence).toMatchObject({ promptVersion: 2, promptText: changed.text, promptFirstUsedAt: at(4) });
      expect((await store().getConsent(a.call.id))!.evidence).toMatchObject({ promptVersion: 1, promptText: ask.text });
      // A decline keeps its evidence too, and neither the number nor the name.
      const d = await store().applyTurn(turn('CA5', 5, { consent: { ...yes, given: false, fromFull: null, callerName: null, digits: '2' } }));
      expect(d.call).toMatchObject({ fromFull: null, callerName: null });
      expect(await store().getConsent(d.call.id)).toMatchObject({ given: false, evidence: { digits: '2', promptVersion: 1 } });
    });

    it('consent declined: no full number, still in progress, and a later "yes" cannot add one', async () => {
      const r = await store().applyTurn(turn('CA1', 1, { consent: { given: false, fromFull: null } }));
      expect(r.call).toMatchObject({ status: 'in_progress', fromFull: null });
      expect((await store().getConsent(r.call.id))!.given).toBe(false);
      const r2 = await store().applyTurn(turn('CA1', 2, { consent: { given: true, fromFull: '+4915112345678' } }));
      expect(r2.call.fromFull).toBeNull();
      expect((await store().getConsent(r.call.id))!.given).toBe(false);
    });

    it('a language switch changes the call\'s language from that turn on', async () => {
      const r = await store().applyTurn(turn('CA1', 1, {}, { lang: 'de-DE' }));
      const switched = await store().applyTurn({ ...turn('CA1', 2, {}, { lang: 'en-GB' }), language: 'en-GB' });
      expect(switched.call).toMatchObject({ id: r.call.id, language: 'en-GB', status: 'in_progress' });
      expect((await store().getCall(r.call.id))!.language).toBe('en-GB');
      // Turns without a switch never move it back, whatever language they carry.
      await store().applyTurn(turn('CA1', 3, {}, { lang: 'de-DE' }));
      expect((await store().getCall(r.call.id))!.language).toBe('en-GB');
    });

    it('getConsent is null before any answer', async () => {
      const r = await store().applyTurn(turn('CA1', 1));
      expect(await store().getConsent(r.call.id)).toBeNull();
    });

    it('saveOrder creates an unknown number as received and links it to the call once', async () => {
      const r = await store().applyTurn(turn('CA1', 1, { saveOrder: { number: '12345' } }));
      expect(r.order).toMatchObject({ number: '12345', status: 'received' });
      expect(r.order!.createdAt).toEqual(at(1));
      await store().applyTurn(turn('CA1', 1, { saveOrder: { number: '12345' } })); // replay
      await store().applyTurn(turn('CA1', 2, { saveOrder: { number: '12345' } })); // saved again
      expect(await store().listOrdersForCall(r.call.id)).toEqual([r.order]);
      expect(await store().getOrderByNumber('12345')).toEqual(r.order);
      expect(await store().getOrder(r.order!.id)).toEqual(r.order);
    });

    it('saveOrder links a known order without touching its status', async () => {
      const a = await store().applyTurn(turn('CA1', 1, { saveOrder: { number: '4711' } }));
      await store().setOrderStatus(a.order!.id, 'shipped', 'anna', at(5));
      const b = await store().applyTurn(turn('CA2', 1, { saveOrder: { number: '4711' } }));
      expect(b.order).toMatchObject({ id: a.order!.id, status: 'shipped' });
      expect((await store().listOrdersForCall(b.call.id)).map((o) => o.id)).toEqual([a.order!.id]);
      expect((await store().listCallsForOrder(a.order!.id)).map((c) => c.callSid).sort()).toEqual(['CA1', 'CA2']);
    });

    it('a call may touch several orders, listed in the order it saved them', async () => {
      await store().applyTurn(turn('CA1', 1, { saveOrder: { number: '2222' } }));
      const r = await store().applyTurn(turn('CA1', 2, { saveOrder: { number: '1111' } }));
      expect((await store().listOrdersForCall(r.call.id)).map((o) => o.number)).toEqual(['2222', '1111']);
    });

    it('lookupOrder reads without creating or linking', async () => {
      const miss = await store().applyTurn(turn('CA1', 1, { lookupOrder: { number: '999' } }));
      expect(miss.order).toBeNull();
      expect(await store().getOrderByNumber('999')).toBeNull();
      await store().applyTurn(turn('CA2', 1, { saveOrder: { number: '999' } }));
      const hit = await store().applyTurn(turn('CA1', 2, { lookupOrder: { number: '999' } }));
      expect(hit.order).toMatchObject({ number: '999' });
      expect(await store().listOrdersForCall(miss.call.id)).toEqual([]);
    });

    it('numbers calls without gaps: a call\'s later turns use up no call ids', async () => {
      const a = await store().applyTurn(turn('CA1', 1));
      for (let i = 2; i <= 6; i++) await store().applyTurn(turn('CA1', i, { consent: { given: true, fromFull: '+4915100000003' } }));
      const b = await store().applyTurn(turn('CA2', 1));
      expect(b.call.id).toBe(a.call.id + 1);
    });

    it('numbers orders without gaps: saving a known order number again uses up no order id', async () => {
      const first = await store().applyTurn(turn('CA1', 1, { saveOrder: { number: '1111' } }));
      for (let i = 2; i <= 4; i++) await store().applyTurn(turn(`CA${i}`, 1, { saveOrder: { number: '1111' } }));
      const next = await store().applyTurn(turn('CA9', 1, { saveOrder: { number: '2222' } }));
      expect(next.order!.id).toBe(first.order!.id + 1);
    });

    it('concurrent first webhooks of one call make one call with every event', async () => {
      const results = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((i) => store().applyTurn(turn('CA1', i))));
      expect(new Set(results.map((r) => r.call.id)).size).toBe(1);
      expect(results.every((r) => r.fresh)).toBe(true);
      expect(await store().listCallEvents(results[0]!.call.id)).toHaveLength(8);
    });

    it('concurrent calls saving the same new number make one order linked to each', async () => {
      const sids = ['CA1', 'CA2', 'CA3', 'CA4', 'CA5'];
      const results = await Promise.all(sids.map((s) => store().applyTurn(turn(s, 1, { saveOrder: { number: '5555' } }))));
      expect(new Set(results.map((r) => r.order!.id)).size).toBe(1);
      expect(await store().listCallsForOrder(results[0]!.order!.id)).toHaveLength(5);
    });
  });

  describe('calls: events, status, lookups', () => {
    it('addCallEvent adds once per key, and never to an unknown call', async () => {
      const r = await store().applyTurn(turn('CA1', 1));
      const e = { key: 'ai:1', kind: 'ai' as const, step: 'user', text: 'Wo ist meine Bestellung?', at: at(9) };
      expect(await store().addCallEvent('CA1', e)).toBe(true);
      expect(await store().addCallEvent('CA1', { ...e, text: 'changed' })).toBe(false);
      expect(await store().addCallEvent('CAnope', e)).toBe(false);
      const events = await store().listCallEvents(r.call.id);
      expect(events).toHaveLength(2);
      expect(events[1]).toMatchObject({ kind: 'ai', step: 'user', text: 'Wo ist meine Bestellung?', digits: null, detail: null });
      expect(await store().getCallBySid('CAnope')).toBeNull();
    });

    it('the same event key in two calls is two events', async () => {
      const a = await store().applyTurn(turn('CA1', 1));
      const b = await store().applyTurn(turn('CA2', 1));
      expect((await store().listCallEvents(a.call.id)).length + (await store().listCallEvents(b.call.id)).length).toBe(2);
    });

    it('applyCallStatus ends the call once; the first end wins', async () => {
      await store().applyTurn(turn('CA1', 1));
      expect(await store().applyCallStatus({ callSid: 'CAnope', twilioStatus: 'completed', durationS: 3, at: at(5) })).toBeNull();
      const ringing = await store().applyCallStatus({ callSid: 'CA1', twilioStatus: 'in-progress', durationS: null, at: at(2) });
      expect(ringing).toMatchObject({ status: 'in_progress', endedAt: null });
      const ended = await store().applyCallStatus({ callSid: 'CA1', twilioStatus: 'completed', durationS: 42, at: at(43) });
      expect(ended).toMatchObject({ status: 'completed', durationS: 42 });
      expect(ended!.endedAt).toEqual(at(43));
      const replay = await store().applyCallStatus({ callSid: 'CA1', twilioStatus: 'completed', durationS: 99, at: at(100) });
      expect(replay).toEqual(ended);
      expect(await store().getCallBySid('CA1')).toEqual(ended);
    });

    it('without a duration it is computed from the start; failed calls and flagged calls are problems', async () => {
      await store().applyTurn(turn('CA1', 0));
      const a = await store().applyCallStatus({ callSid: 'CA1', twilioStatus: 'no-answer', durationS: null, at: at(30) });
      expect(a).toMatchObject({ status: 'completed', durationS: 30 });
      await store().applyTurn(turn('CA2', 0));
      expect(await store().applyCallStatus({ callSid: 'CA2', twilioStatus: 'failed', durationS: 0, at: at(1) })).toMatchObject({ status: 'problem' });
      const c = await store().applyTurn(turn('CA3', 0));
      await store().setCallStatus(c.call.id, 'problem', 'anna', at(1));
      expect(await store().applyCallStatus({ callSid: 'CA3', twilioStatus: 'completed', durationS: 5, at: at(5) })).toMatchObject({ status: 'problem', durationS: 5 });
    });

    it('unknown ids read as null or empty', async () => {
      expect(await store().getCall(123456)).toBeNull();
      expect(await store().listCallEvents(123456)).toEqual([]);
      expect(await store().getOrder(123456)).toBeNull();
      expect(await store().getOrderByNumber('000')).toBeNull();
      expect(await store().listOrdersForCall(123456)).toEqual([]);
      await store().ping();
      await store().checkWritable(); // a fresh test database takes writes
      expect(T0).toBeInstanceOf(Date);
    });
  });
}
