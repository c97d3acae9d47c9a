import { FLOW, type FlowNode, type Transition } from './flow.ts';
import { otherLanguage } from './language.ts';
import type { Effect, IvrContext, IvrInput, IvrState, NodeId, Speech, StepResult, Verb } from './types.ts';
import type { AiContinuation, Lang } from '../domain/index.ts';

const text = (key: string): Speech => ({ type: 'text', key });

/** The first turn of a call: greeting and the consent question. */
export function start(lang: Lang, ctx: IvrContext): StepResult {
  const next: IvrState = { node: 'consent', lang, seq: 1, misses: 0, order: null };
  return { outcome: 'greeting', effects: [], verbs: [ask(FLOW.consent, next, ctx, [text('greeting')])] };
}

/** One turn: what the caller did at `state.node` → what to record and what to say next. Pure. */
export function step(state: IvrState, input: IvrInput, ctx: IvrContext): StepResult {
  switch (input.type) {
    case 'ai_ended':
      return afterAi(state, ctx, input.then ?? 'apology_menu');
    case 'recorded':
      return end('voicemail.thanks', 'voicemail_left');
    case 'dial_ended':
      return input.answered
        ? end('common.goodbye', 'staff_call_ended')
        : goTo('help', state, ctx, [text('help.staff_unavailable')], 'staff_unavailable');
  }
  const node = FLOW[state.node];
  const digits = input.type === 'digits' ? input.digits : undefined;
  return node.input.kind === 'number' ? numberTurn(node, state, ctx, digits) : choiceTurn(node, state, ctx, digits);
}

function numberTurn(node: FlowNode, state: IvrState, ctx: IvrContext, digits: string | undefined): StepResult {
  if (node.input.kind !== 'number') throw new Error('unreachable');
  const { minDigits, maxDigits, errors, valid } = node.input;
  const problem = !digits ? 'empty'
    : !/^\d+$/.test(digits) ? 'not_digits'
    : digits.length < minDigits ? 'too_short'
    : digits.length > maxDigits ? 'too_long'
    : null;
  if (problem) return miss(node, state, ctx, errors[problem], problem);
  return goTo(valid.to, { ...state, order: digits! }, ctx, [], 'entered');
}

function choiceTurn(node: FlowNode, state: IvrState, ctx: IvrContext, digits: string | undefined): StepResult {
  if (node.input.kind !== 'choice') throw new Error('unreachable');
  const { choices, retry, silence } = node.input;
  if (!digits) return miss(node, state, ctx, silence ?? retry, 'no_input');
  const choice = choices.find((c) => c.key === digits);
  if (!choice) return miss(node, state, ctx, retry, 'invalid');
  if (choice.requires && !enabled(choice.requires, ctx)) {
    // A miss like any other, so a caller pressing it again and again still reaches the end.
    if (!choice.unavailable) return miss(node, state, ctx, retry, 'invalid');
    return miss(node, state, ctx, choice.unavailable, `${choice.requires}_unavailable`);
  }
  return follow(choice.go, state, ctx, `pressed_${choice.key}`);
}

function miss(node: FlowNode, state: IvrState, ctx: IvrContext, sayKey: string, outcome: string): StepResult {
  const misses = state.misses + 1;
  // On the way to another node the caller still hears why the last try failed.
  if (misses >= node.maxMisses) return follow(node.exhausted, state, ctx, `${outcome}_exhausted`, [text(sayKey)]);
  const next = { ...state, seq: state.seq + 1, misses };
  return { outcome, effects: [], verbs: [ask(node, next, ctx, [text(sayKey)])] };
}

function follow(t: Transition, state: IvrState, ctx: IvrContext, outcome: string, reason: Speech[] = []): StepResult {
  if (t.kind === 'end') {
    const effects: Effect[] = t.effect === 'consent_declined' ? [{ type: 'consent', given: false }] : [];
    return { ...end(t.say, outcome, reason), effects };
  }
  if (t.kind === 'goto') {
    const effects: Effect[] = [];
    const pre = [...reason, ...(t.say ?? []).map(text)];
    if (t.effect === 'consent_given') effects.push({ type: 'consent', given: true });
    if (t.effect === 'save_order' && state.order) {
      const unknown = ctx.orderKnown === false;
      if (unknown && ctx.unknownOrders === 'reject' && t.notFound) {
        // Said honestly, with the number, and nothing saved: the caller may try again from the menu.
        const said: Speech[] = [...pre, { type: 'text', key: t.notFound.say, digits: state.order }];
        return { ...goTo(t.notFound.to, { ...state, order: null }, ctx, said, 'order_not_found'), effects: [{ type: 'miss_order', number: state.order }] };
      }
      effects.push({ type: 'save_order', number: state.order });
      // The status sentence may read the number back ("I've noted order number 1 2 3 4").
      pre.push({ type: 'order_status', digits: state.order });
      if (unknown) outcome = 'order_noted';
    }
    let next = t.forgetOrder ? { ...state, order: null } : state;
    if (t.effect === 'switch_language') {
      next = { ...next, lang: otherLanguage(state.lang, ctx) };
      effects.push({ type: 'language', lang: next.lang });
      outcome = 'language_switched';
    }
    const res = goTo(t.to, next, ctx, pre, outcome);
    return { ...res, effects };
  }
  const next: IvrState = { ...state, node: 'help', seq: state.seq + 1, misses: 0 };
  switch (t.action) {
    case 'repeat_status':
      if (!state.order) return goTo('order', state, ctx, [text('help.no_order')], 'no_order_yet');
      return {
        outcome,
        effects: [{ type: 'lookup_order', number: state.order }],
        verbs: [ask(FLOW.help, next, ctx, [{ type: 'order_status', digits: state.order }])],
      };
    case 'ai':
      return { outcome, effects: [], verbs: [{ type: 'connect_ai', next }] };
    case 'staff':
      return { outcome, effects: [], verbs: [{ type: 'say', speech: [text('help.staff_connecting')] }, { type: 'dial', next }] };
    case 'voicemail':
      return { outcome, effects: [], verbs: [
        { type: 'say', speech: [text('voicemail.instructions')] },
        { type: 'record', next },
        // Reached only when nothing was recorded (Twilio skips the action then).
        { type: 'say', speech: [text('common.goodbye')] },
        { type: 'hangup' },
      ] };
  }
}

/** After the AI leg, by how it ended: staff (as help option 3), goodbye, the menu, or the apology and the menu. */
function afterAi(state: IvrState, ctx: IvrContext, then: AiContinuation): StepResult {
  switch (then) {
    case 'dial_staff':
      if (ctx.staffEnabled) return follow({ kind: 'action', action: 'staff' }, state, ctx, 'ai_to_staff');
      return goTo('help', state, ctx, [text('help.ai_ended')], 'ai_ended');
    case 'goodbye':
      return end('common.goodbye', 'ai_goodbye');
    case 'help_menu':
      return goTo('help', state, ctx, [], 'ai_to_menu');
    case 'nothing':
      // Staff passed the call on during the leg: Twilio already has the call's new TwiML.
      return { outcome: 'ai_passed_on', effects: [], verbs: [] };
    case 'apology_menu':
      return goTo('help', state, ctx, [text('help.ai_ended')], 'ai_ended');
  }
}

function goTo(to: NodeId, state: IvrState, ctx: IvrContext, pre: Speech[], outcome: string): StepResult {
  const next: IvrState = { ...state, node: to, seq: state.seq + 1, misses: 0 };
  return { outcome, effects: [], verbs: [ask(FLOW[to], next, ctx, pre)] };
}

function end(sayKey: string, outcome: string, pre: Speech[] = []): StepResult {
  return { outcome, effects: [], verbs: [{ type: 'say', speech: [...pre, text(sayKey)] }, { type: 'hangup' }] };
}

const enabled = (feature: 'ai' | 'staff', ctx: IvrContext) => (feature === 'ai' ? ctx.aiEnabled : ctx.staffEnabled);

/** The help menu's Gather after `pre` (a callback's greeting starts there). */
export const helpMenu = (node: FlowNode, next: IvrState, ctx: IvrContext, pre: Speech[]): Verb => ask(node, next, ctx, pre);

/** The Gather that asks `node`'s question; `pre` is said first, inside it, so keys can interrupt. */
function ask(node: FlowNode, next: IvrState, ctx: IvrContext, pre: Speech[]): Verb {
  const speech: Speech[] = [...pre];
  for (const p of node.prompt) {
    if (typeof p === 'string') speech.push(text(p));
    else if (next.order) speech.push({ type: 'digits', value: next.order });
  }
  if (node.input.kind === 'choice') {
    for (const c of node.input.choices) {
      if (c.requires && !enabled(c.requires, ctx)) continue;
      const offer = !next.order && c.offerWithoutOrder ? c.offerWithoutOrder : c.offer;
      if (!offer) continue;
      speech.push(c.offerLang === 'other' ? { type: 'text', key: offer, lang: otherLanguage(next.lang, ctx) } : text(offer));
    }
    // Twilio's finishOnKey defaults to '#'; for one-key menus '#' must count as an (invalid) key.
    return { type: 'gather', next, numDigits: 1, finishOnKey: '', timeout: node.timeout, speech };
  }
  return { type: 'gather', next, finishOnKey: '#', timeout: node.timeout, speech };
}
