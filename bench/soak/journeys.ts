// The soak's callers: a seeded mix of whole journeys (greeting, consent, order number,
// confirmation, status, and the help menu's options), each a plan the caller follows by what
// Liza asks: the caller answers each <Gather> by where it posts, so a call that comes back to
// the help menu (after the AI leg, after a failed transfer) still knows what to press.
import fc from 'fast-check';

export type JourneyKind = 'order' | 'hear_again' | 'ai_end' | 'ai_star' | 'ai_transfer' | 'voicemail' | 'staff' | 'decline';

/** What the caller's audio says to the fake model (its first byte): how the AI leg should end. */
export const AI_CODES = { ai_end: 0x11, ai_transfer: 0x22, ai_star: 0x33 } as const;

export interface SoakJourney {
  i: number;
  kind: JourneyKind;
  from: string;
  consent: '1' | '2';
  /** Unique per call, so a lost or doubled order shows. */
  order: string;
  /** Help-menu choices in order; then 9 (goodbye). */
  help: string[];
  /** Whether the staff member answers a <Dial>. */
  staffAnswers: boolean;
}

const WEIGHTS: Array<[JourneyKind, number]> = [
  ['order', 22], ['hear_again', 10], ['ai_end', 14], ['ai_star', 6], ['ai_transfer', 6], ['voicemail', 18], ['staff', 8], ['decline', 8],
];
const TOTAL = WEIGHTS.reduce((n, [, w]) => n + w, 0);
const HELP: Record<JourneyKind, string[]> = {
  order: [], hear_again: ['1'], ai_end: ['2'], ai_star: ['2'], ai_transfer: ['2'], voicemail: ['4'], staff: ['3'], decline: [],
};
const COUNTRIES = ['+4915112', '+4917012', '+4477009', '+1202555'];

/** Journey `i` of the run seeded with `seed` (the same seed and index give the same journey). */
export function soakJourney(seed: number, i: number): SoakJourney {
  const [pick, country, answers] = fc.sample(fc.tuple(fc.integer({ min: 0, max: TOTAL - 1 }), fc.integer({ min: 0, max: 3 }), fc.boolean()), { seed: seed + i, numRuns: 1 })[0]!;
  let acc = 0;
  const kind = WEIGHTS.find(([, w]) => (acc += w) > pick)![0];
  return {
    i,
    kind,
    from: `${COUNTRIES[country]}${String(i).padStart(6, '0')}`,
    consent: kind === 'decline' ? '2' : '1',
    order: String(10_000_000 + i),
    help: [...HELP[kind]],
    staffAnswers: answers,
  };
}

/** What the caller presses at a <Gather> that posts to `action`. */
export function answerFor(j: SoakJourney, action: string | null | undefined, helpLeft: string[]): string {
  const path = action ? new URL(action).pathname : '';
  switch (path) {
    case '/webhook/consent':
      return j.consent;
    case '/webhook/order':
      return `${j.order}#`;
    case '/webhook/order_confirm':
      return '1';
    case '/webhook/help':
      return helpLeft.shift() ?? '9';
    default:
      return '9';
  }
}
