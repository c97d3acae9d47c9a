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
  r.verbs.flatMap((v) => ('speech' in v ? v.speech : [])).map((s) => (s.type === 'text' ? s.key : s.type === 'digits' ? `#${s.value}` : '<status>'));
const hangsUp = (r: StepResult) => r.verbs.at(-1)?.type === 'hangup';

describe('start', () => {
  it('greets and asks for consent with one key, # counting as a key', () => {
    const r = start('en-GB', ctx);
    const g = gather(r)!;
    expect(said(r)).toEqual(['greeting', 'consent.ask']);
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
    expect(said(r)).toEqual(['consent.retry', 'consent.ask']);
    expect(gather(r)!.next).toMatchObject({ node: 'consent', misses: 2, seq: 6 });
    expect(r.effects).toEqual([]);
  });
  it('the third miss says goodbye and hangs up', () => {
    const r = step(at('consent', { misses: 2 }), none, ctx);
    expect(said(r)).toEqual(['consent.no_answer']);
    expect(hangsUp(r)).toBe(true);
    expect(r.outcome).toBe('no_input_exhausted');
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
  it('2 asks for the number again', () => {
    const r = step(s, keys('2'), ctx);
    expect(said(r)).toEqual(['confirm.again', 'order.ask']);
    expect(r.effects).toEqual([]);
  });
  it('a wrong key reads the number back again', () => {
    const r = step(s, keys('5'), ctx);
    expect(said(r)).toEqual(['confirm.retry', 'confirm.you_entered', '#4711', 'confirm.ask']);
  });
  it('the third miss goes to the help menu without saving', () => {
    const r = step({ ...s, misses: 2 }, none, ctx);
    expect(r.effects).toEqual([]);
    expect(gather(r)!.next.node).toBe('help');
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
  it.each([['9', keys('9')], ['nothing', none]])('%s says goodbye and hangs up', (_n, input) => {
    const r = step(s, input, ctx);
    expect(said(r)).toEqual(['common.goodbye']);
    expect(hangsUp(r)).toBe(true);
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
