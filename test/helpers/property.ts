// Property tests with a known seed. In CI every property runs with one fixed seed, so a run's
// result never depends on chance; elsewhere it runs with that seed and then with a fresh random
// one, so local runs keep exploring. A failure names its seed and how to replay it.
import fc from 'fast-check';
import { IN_CI } from './processes.ts';

/** The seed every run uses (any fixed integer works; this one is just the date it was fixed). */
export const FIXED_SEED = 20_261_121;

/** `FC_SEED=<n>` replays one seed (the one a failure printed) and nothing else. */
function seeds(): Array<{ seed: number; kind: string }> {
  const replay = process.env.FC_SEED;
  if (replay !== undefined && /^-?\d+$/.test(replay)) return [{ seed: Number(replay), kind: 'FC_SEED' }];
  const fixed = { seed: FIXED_SEED, kind: 'fixed' };
  if (IN_CI) return [fixed];
  return [fixed, { seed: (Math.random() * 2 ** 31) | 0, kind: 'random' }];
}

function withSeed(err: unknown, seed: number, kind: string): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  e.message = `property failed with the ${kind} seed ${seed} (replay it: FC_SEED=${seed} npx vitest run <this file>)\n${e.message}`;
  return e;
}

/** fc.assert once per seed (see above); the property's own parameters (numRuns, …) apply to each run. */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, params?: fc.Parameters<Ts>): void {
  for (const { seed, kind } of seeds()) {
    try {
      fc.assert(property, { ...params, seed });
    } catch (err) {
      throw withSeed(err, seed, kind);
    }
  }
}

/** The same for an async property. */
export async function assertAsyncProperty<Ts>(property: fc.IAsyncProperty<Ts>, params?: fc.Parameters<Ts>): Promise<void> {
  for (const { seed, kind } of seeds()) {
    try {
      await fc.assert(property, { ...params, seed });
    } catch (err) {
      throw withSeed(err, seed, kind);
    }
  }
}
