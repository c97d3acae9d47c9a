import type { Store } from '../../store/store.ts';

/** Failed sign-ins one address may make in the window, across all names. */
export const MAX_FAILURES_PER_ADDRESS = 20;
/** Failed sign-ins for one name from one address in the window; then that pair is refused. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** From anywhere, failures for one name only slow its sign-in down: a guesser cannot lock the owner out. */
const SLOW_AFTER = 5;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

/** The wait before checking a password for a name that failed `earlier` times in the window. */
export function loginDelayMs(earlier: number): number {
  if (earlier < SLOW_AFTER) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (earlier - SLOW_AFTER));
}

export type Admission =
  | { kind: 'refused'; by: 'address' | 'user_address' }
  | { kind: 'admitted'; delayMs: number; succeeded: () => Promise<void> };

/**
 * Decides whether a sign-in attempt may check its password. The attempt is recorded FIRST and
 * counted after, so 30 parallel guesses all see each other (counting before the hash and
 * recording after let every one of them through). An attempt that proves right takes its own
 * rows back and clears its name+address count.
 */
export async function admitLogin(store: Store, username: string, address: string | undefined, now: Date): Promise<Admission> {
  const addr = address ?? 'unknown';
  const name = username.toLowerCase();
  const keys = { address: `ip:${addr}`, userAddress: `user-ip:${name}|${addr}`, user: `user:${name}` };
  const ids = await store.recordLoginFailure([keys.address, keys.userAddress, keys.user], now);
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const [perAddress, perUserAddress, perUser] = await Promise.all([
    store.countLoginFailures([keys.address], since),
    store.countLoginFailures([keys.userAddress], since),
    store.countLoginFailures([keys.user], since),
  ]);
  // The counts include this attempt.
  if (perAddress > MAX_FAILURES_PER_ADDRESS) return { kind: 'refused', by: 'address' };
  if (perUserAddress > MAX_FAILURES) return { kind: 'refused', by: 'user_address' };
  return {
    kind: 'admitted',
    delayMs: loginDelayMs(perUser - 1),
    succeeded: async () => {
      await store.deleteLoginFailures(ids);
      await store.clearLoginFailures([keys.userAddress, keys.user]);
    },
  };
}
