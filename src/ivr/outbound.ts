import type { AnsweredBy, Lang } from '../domain/index.ts';
import { FLOW } from './flow.ts';
import type { IvrContext, IvrState, Speech, StepResult, Verb } from './types.ts';
import { helpMenu } from './step.ts';

/**
 * The first turn of a callback staff placed, by Twilio's answering-machine detection result
 * (https://www.twilio.com/docs/voice/answering-machine-detection#webhook-parameters). Pure.
 * - a person (or `unknown`: no result): greeting, the order's status, then the help menu. No
 *   consent question: the customer gave it on the call whose number is rung.
 * - a machine, after its greeting ended: one short message, then hang up. Never the AI: nothing
 *   here opens a media stream, so no engine session is spent on a machine.
 * - the very start of a machine greeting, or a fax: hang up at once.
 */
export function outboundAnswer(lang: Lang, order: string | null, answeredBy: AnsweredBy, ctx: IvrContext): StepResult {
  const effects: StepResult['effects'] = order ? [{ type: 'lookup_order', number: order }] : [];
  const status: Speech[] = order ? [{ type: 'order_status', digits: order }] : [];
  switch (answeredBy) {
    case 'human':
    case 'unknown': {
      const greeting: Speech = order ? { type: 'text', key: 'outbound.greeting', digits: order } : { type: 'text', key: 'outbound.greeting_no_order' };
      const next: IvrState = { node: 'help', lang, seq: 1, misses: 0, order };
      return { outcome: `answered_${answeredBy}`, effects, verbs: [helpMenu(FLOW.help, next, ctx, [greeting, ...status])] };
    }
    case 'machine_end_beep':
    case 'machine_end_silence':
    case 'machine_end_other': {
      const intro: Speech = order ? { type: 'text', key: 'outbound.machine', digits: order } : { type: 'text', key: 'outbound.machine_no_order' };
      const verbs: Verb[] = [{ type: 'say', speech: [intro, ...status, { type: 'text', key: 'outbound.call_back' }] }, { type: 'hangup' }];
      return { outcome: 'machine_message', effects, verbs };
    }
    case 'machine_start':
    case 'fax':
      return { outcome: `hung_up_${answeredBy}`, effects: [], verbs: [{ type: 'hangup' }] };
  }
}

/**
 * Staff passed a live call on: "connecting you" and the dial to staff, whose end comes back to
 * the help menu as the menu's own option 3 does (IVR or AI leg alike: the new TwiML replaces both).
 */
export function staffTransfer(lang: Lang, order: string | null): Verb[] {
  const next: IvrState = { node: 'help', lang, seq: 1000, misses: 0, order };
  return [{ type: 'say', speech: [{ type: 'text', key: 'help.staff_connecting' }] }, { type: 'dial', next }];
}
