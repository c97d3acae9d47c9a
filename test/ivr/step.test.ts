import { describe, expect, it } from 'vitest';
import { start, step } from '../../src/ivr/step.ts';
import type { IvrState, StepResult, Verb } from '../../src/ivr/types.ts';

const ctx = { aiEnabled: true, staffEnabled: true };
const off = { aiEnabled: false, staffEnabled: false };
const at = (node: IvrState['node'], extra: Partial<IvrState> = {}): IvrState => ({ node, lang: 'de-DE', seq: 5, misses: 0, order: null, ...extra });
const keys = (d: string) => ({ type: 'digits' as const, digits: d });
const none = { type: 'none' as const };

const gather = (r: StepResult) => r.verbs.find((v): v is Extract<Verb, { type: 'gather' }> => v.type === 'gather');
const said = (r: StepResult) =>
  r.verbs.flatMap((v) => ('speech' in v ? v.speech : [])).map((s) => (s.type === 'text' ? s.key + (s.lang ? `@${s.lang}` : '') : s.type === 'digits' ? `#${s.value}` : '<status>'));
const hangsUp = (r: StepResult) => r.verbs.at(-1)?.type === 'hangup';

describe('start', () => {
  it('greets and asks for consent with one key, # counting as a key, offering German in German', () => {
    const r = start('en-GB', ctx);
    const g = gather(r)!;
    expect(said(r)).toEqual(['greeting', 'consent.ask', 'consent.switch_offer@de-DE']);
    expect(g.next).toEqual({ node: 'consent', lang: 'en-GB', seq: 1, misses: 0, order: null });
    expect(g.numDigits).toBe(1);
    expect(g.finishOnKey).toBe('');
  });
});

describe('consent', () => {
  it('1 records consent and asks for the order number', () => {
    const r = step(at('consent'), keys('1'), ctx);
    expect(r.effects).toEqual([{ type: 'consent', given: true }]);
    expect(said(r)).toEqual(['consent.thanks', 'order.ask']);
    expect(gather(r)!.next).toMatchObject({ node: 'order', seq: 6, misses: 0 });
    expect(gather(r)!.finishOnKey).toBe('#');
  });
  it('2 records the decline, says goodbye and hangs up', () => {
    const r = step(at('consent'), keys('2'), ctx);
    expect(r.effects).toEqual([{ type: 'consent', given: false }]);
    expect(said(r)).toEqual(['consent.declined']);
    expect(hangsUp(r)).toBe(true);
  });
  it.each([['no input', none], ['an invalid key', keys('7')], ['#', keys('#')]])('%s asks again and counts a miss', (_n, input) => {
    const r = step(at('consent', { misses: 1 }), input, ctx);
    expect(said(r)).toEqual(['consent.retry', 'consent.ask', 'consent.switch_offer@en-GB']);
    expect(gather(r)!.next).toMatchObject({ node: 'consent', misses: 2, seq: 6 });
    expect(r.effects).toEqual([]);
  });
  it('the third miss says goodbye and hangs up', () => {
    const r = step(at('consent', { misses: 2 }), none, ctx);
    expect(said(r)).toEqual(['consent.retry', 'consent.no_answer']);
    expect(hangsUp(r)).toBe(true);
    expect(r.outcome).toBe('no_input_exhausted');
  });
});

describe('language switch at the consent question', () => {
  it('8 switches German to English: greeting and question again in English, German offered in German', () => {
    const r = step(at('consent', { misses: 1 }), keys('8'), ctx);
    expect(r.effects).toEqual([{ type: 'language', lang: 'en-GB' }]);
    expect(r.outcome).toBe('language_switched');
    expect(said(r)).toEqual(['greeting', 'consent.ask', 'consent.switch_offer@de-DE']);
    expect(gather(r)!.next).toEqual({ node: 'consent', lang: 'en-GB', seq: 6, misses: 0, order: null });
  });
  it('a caller from a +1 number switching to English gets American English', () => {
    expect(step(at('consent'), keys('8'), { ...ctx, english: 'en-US' }).effects).toEqual([{ type: 'language', lang: 'en-US' }]);
  });
  it('8 switches English back to German, offering English in the caller\'s English', () => {
    const r = step(at('consent', { lang: 'en-US' }), keys('8'), { ...ctx, english: 'en-US' });
    expect(r.effects).toEqual([{ type: 'language', lang: 'de-DE' }]);
    expect(said(r)).toEqual(['greeting', 'consent.ask', 'consent.switch_offer@en-US']);
    expect(gather(r)!.next.lang).toBe('de-DE');
  });
  it('every later turn stays in the chosen language, the AI leg included', () => {
    let state = gather(step(at('consent'), keys('8'), ctx))!.next;
    for (const k of ['1', '4711', '1']) state = gather(step(state, keys(k), ctx))!.next;
    expect(state).toMatchObject({ node: 'help', lang: 'en-GB', order: '4711' });
    expect(step(state, keys('2'), ctx).verbs).toEqual([{ type: 'connect_ai', next: { ...state, seq: state.seq + 1 } }]);
  });
  it('is offered only at the consent question', () => {
    expect(step(at('help', { order: '4711' }), keys('8'), ctx).outcome).toBe('invalid');
    expect(step(at('order_confirm', { order: '4711' }), keys('8'), ctx).outcome).toBe('invalid');
  });
});

describe('order number', () => {
  it('4 to 12 digits go to the read-back, digit by digit', () => {
    for (const n of ['1234', '123456789012']) {
      const r = step(at('order'), keys(n), ctx);
      expect(said(r)).toEqual(['confirm.you_entered', `#${n}`, 'confirm.ask']);
      expect(gather(r)!.next).toMatchObject({ node: 'order_confirm', order: n });
    }
  });
  it.each([
    ['empty (# only → no Digits)', none, 'order.error_empty'],
    ['empty string', keys(''), 'order.error_empty'],
    ['too short', keys('123'), 'order.error_too_short'],
    ['20 digits', keys('12345678901234567890'), 'order.error_too_long'],
    ['with *', keys('12*45'), 'order.error_not_digits'],
  ])('%s explains and asks again', (_n, input, key) => {
    const r = step(at('order'), input, ctx);
    expect(said(r)).toEqual([key, 'order.ask']);
    expect(gather(r)!.next).toMatchObject({ node: 'order', misses: 1 });
  });
  it('the third miss goes to the help menu', () => {
    const r = step(at('order', { misses: 2 }), keys('1'), ctx);
    expect(said(r).slice(0, 3)).toEqual(['order.error_too_short', 'order.exhausted', 'help.intro']);
    expect(gather(r)!.next).toMatchObject({ node: 'help', misses: 0 });
  });
});

describe('confirmation', () => {
  const s = at('order_confirm', { order: '4711' });
  it('1 saves the order and says its status, then the help menu', () => {
    const r = step(s, keys('1'), ctx);
    expect(r.effects).toEqual([{ type: 'save_order', number: '4711' }]);
    expect(said(r).slice(0, 2)).toEqual(['<status>', 'help.intro']);
    expect(gather(r)!.next).toMatchObject({ node: 'help', order: '4711' });
  });
  it('1 on a number nobody knows (UNKNOWN_ORDERS=create) saves it, noted, and reads it back in the status', () => {
    const r = step(s, keys('1'), { ...ctx, orderKnown: false, unknownOrders: 'create' });
    expect(r.outcome).toBe('order_noted');
    expect(r.effects).toEqual([{ type: 'save_order', number: '4711' }]);
    const status = r.verbs.flatMap((v) => ('speech' in v ? v.speech : [])).find((x) => x.type === 'order_status');
    expect(status).toEqual({ type: 'order_status', digits: '4711' });
    expect(gather(r)!.next).toMatchObject({ node: 'help', order: '4711' });
  });
  it('1 on a number nobody knows (UNKNOWN_ORDERS=reject) says it was not found, saves nothing, and offers to enter one', () => {
    const r = step(s, keys('1'), { ...ctx, orderKnown: false, unknownOrders: 'reject' });
    expect(r.outcome).toBe('order_not_found');
    expect(r.effects).toEqual([{ type: 'miss_order', number: '4711' }]);
    const speech = r.verbs.flatMap((v) => ('speech' in v ? v.speech : []));
    expect(speech[0]).toEqual({ type: 'text', key: 'order.not_found', digits: '4711' });
    expect(said(r)).toContain('help.offer_enter_order');
    expect(said(r)).not.toContain('<status>');
    expect(gather(r)!.next).toMatchObject({ node: 'help', order: null, misses: 0 });
    // A known number is linked as always, whatever the mode.
    expect(step(s, keys('1'), { ...ctx, orderKnown: true, unknownOrders: 'reject' }).effects).toEqual([{ type: 'save_order', number: '4711' }]);
  });
  it('2 asks for the number again', () => {
    const r = step(s, keys('2'), ctx);
    expect(said(r)).toEqual(['confirm.again', 'order.ask']);
    expect(r.effects).toEqual([]);
  });
  it('2 forgets the number, so an unconfirmed one never reaches the help menu', () => {
    expect(gather(step(s, keys('2'), ctx))!.next.order).toBeNull();
  });
  it('a wrong key reads the number back again', () => {
    const r = step(s, keys('5'), ctx);
    expect(said(r)).toEqual(['confirm.retry', 'confirm.you_entered', '#4711', 'confirm.ask']);
  });
  it('the third miss goes to the help menu without saving', () => {
    const r = step({ ...s, misses: 2 }, none, ctx);
    expect(r.effects).toEqual([]);
    expect(gather(r)!.next).toMatchObject({ node: 'help', order: null });
    // Nothing was confirmed, so there is no status to hear again: key 1 asks for a number instead.
    expect(said(r)).toContain('help.offer_enter_order');
    expect(said(r)).not.toContain('help.offer_repeat');
  });
});

describe('help menu', () => {
  const s = at('help', { order: '4711' });
  it('offers only the configured options', () => {
    expect(said(step(at('order_confirm', { order: '1234' }), keys('1'), ctx))).toEqual(
      ['<status>', 'help.intro', 'help.offer_repeat', 'help.offer_ai', 'help.offer_staff', 'help.offer_voicemail', 'help.offer_goodbye']);
    expect(said(step(at('order_confirm', { order: '1234' }), keys('1'), off))).toEqual(
      ['<status>', 'help.intro', 'help.offer_repeat', 'help.offer_voicemail', 'help.offer_goodbye']);
  });
  it('offers "hear the status again" only when there is a status', () => {
    expect(said(step(at('order', { misses: 2 }), none, ctx))).toEqual(
      ['order.error_empty', 'order.exhausted', 'help.intro', 'help.offer_enter_order', 'help.offer_ai', 'help.offer_staff', 'help.offer_voicemail', 'help.offer_goodbye']);
    expect(said(step(s, keys('7'), ctx))).toContain('help.offer_repeat');
  });
  it('1 looks the order up again and repeats its status', () => {
    const r = step(s, keys('1'), ctx);
    expect(r.effects).toEqual([{ type: 'lookup_order', number: '4711' }]);
    expect(said(r)[0]).toBe('<status>');
  });
  it('1 without an order number asks for one', () => {
    const r = step(at('help'), keys('1'), ctx);
    expect(said(r)).toEqual(['help.no_order', 'order.ask']);
  });
  it('2 connects the AI leg when configured', () => {
    const r = step(s, keys('2'), ctx);
    expect(r.verbs).toEqual([{ type: 'connect_ai', next: { ...s, seq: 6, misses: 0 } }]);
  });
  it('2 without the AI says politely it is not available and stays in the menu', () => {
    const r = step(s, keys('2'), off);
    expect(said(r)[0]).toBe('help.ai_unavailable');
    expect(gather(r)!.next.node).toBe('help');
    expect(r.verbs.some((v) => v.type === 'connect_ai')).toBe(false);
  });
  it('pressing an option whose feature is off counts as a miss, so repeating it still ends the call', () => {
    const first = step(s, keys('2'), off);
    expect(gather(first)!.next).toMatchObject({ node: 'help', misses: 1 });
    let state = s;
    let turns = 0;
    for (let r = step(state, keys('2'), off); !hangsUp(r); r = step(state, keys('2'), off)) {
      state = gather(r)!.next;
      if (++turns > 10) throw new Error('pressing 2 without the AI loops forever');
    }
    expect(turns).toBe(2);
    const last = step({ ...s, misses: 2 }, keys('2'), off);
    expect(last.outcome).toBe('ai_unavailable_exhausted');
    expect(said(last)).toEqual(['help.ai_unavailable', 'help.exhausted']);
  });
  it('3 dials staff when configured, and is an invalid key otherwise', () => {
    expect(step(s, keys('3'), ctx).verbs.map((v) => v.type)).toEqual(['say', 'dial']);
    const r = step(s, keys('3'), off);
    expect(said(r)[0]).toBe('help.invalid');
    expect(r.verbs.some((v) => v.type === 'dial')).toBe(false);
  });
  it('4 records a voice message', () => {
    const r = step(s, keys('4'), ctx);
    expect(r.verbs.map((v) => v.type)).toEqual(['say', 'record', 'say', 'hangup']);
    expect(said(r)[0]).toBe('voicemail.instructions');
  });
  it('9 says goodbye and hangs up', () => {
    const r = step(s, keys('9'), ctx);
    expect(said(r)).toEqual(['common.goodbye']);
    expect(hangsUp(r)).toBe(true);
  });
  it('one silence asks again; the third in a row says goodbye', () => {
    const r = step(s, none, ctx);
    expect(said(r).slice(0, 2)).toEqual(['help.silence', 'help.intro']);
    expect(gather(r)!.next).toMatchObject({ node: 'help', misses: 1, order: '4711' });
    expect(r.outcome).toBe('no_input');
    const last = step({ ...s, misses: 2 }, none, ctx);
    expect(said(last)).toEqual(['help.silence', 'help.exhausted']);
    expect(hangsUp(last)).toBe(true);
  });
  it('invalid keys repeat the menu, three times at most', () => {
    expect(said(step(s, keys('7'), ctx))[0]).toBe('help.invalid');
    expect(hangsUp(step({ ...s, misses: 2 }, keys('7'), ctx))).toBe(true);
  });
  it('after the AI leg the caller is back in the menu', () => {
    const r = step(s, { type: 'ai_ended' }, ctx);
    expect(said(r)[0]).toBe('help.ai_ended');
    expect(gather(r)!.next).toMatchObject({ node: 'help', order: '4711' });
  });
  it('after a voice message: thanks and goodbye', () => {
    const r = step(s, { type: 'recorded' }, ctx);
    expect(said(r)).toEqual(['voicemail.thanks']);
    expect(hangsUp(r)).toBe(true);
  });
  it('after a staff call: goodbye if answered, back to the menu if not', () => {
    expect(hangsUp(step(s, { type: 'dial_ended', answered: true }, ctx))).toBe(true);
    expect(said(step(s, { type: 'dial_ended', answered: false }, ctx))[0]).toBe('help.staff_unavailable');
  });
});
