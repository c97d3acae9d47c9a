// A throwaway PostgreSQL database per test file, on the server every machine (and CI) runs at
// 127.0.0.1:5432. Off CI an unreachable server skips the PostgreSQL tests with a printed reason;
// in CI (CI=true) it fails them, because CI must run everything.
import postgres from 'postgres';
import { it } from 'vitest';
import { ADMIN_URL } from './pg-temp-db.ts';

export { createTempDb, type TempDb } from './pg-temp-db.ts';

export const IN_CI = process.env.CI === 'true';

let reachable: Promise<string | null> | undefined;

/** Null when PostgreSQL answers, else why not. */
export function pgUnavailable(): Promise<string | null> {
  reachable ??= (async () => {
    const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
    try {
      await sql`select 1`;
      return null;
    } catch (err) {
      return `PostgreSQL at ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')} is not reachable: ${(err as Error).message}`;
    } finally {
      await sql.end({ timeout: 1 });
    }
  })();
  return reachable;
}

/**
 * Call at the top of a PostgreSQL test file; returns whether to run. In CI a missing server
 * registers a failing test instead of skipping.
 */
export async function requirePg(): Promise<boolean> {
  const why = await pgUnavailable();
  if (!why) return true;
  if (IN_CI) {
    it('needs PostgreSQL', () => {
      throw new Error(`${why} (CI=true: PostgreSQL tests are never skipped in CI)`);
    });
  } else {
    console.warn(`[skipped] ${why}`);
  }
  return false;
}
