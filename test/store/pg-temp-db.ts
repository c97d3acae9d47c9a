// Throwaway PostgreSQL databases with random names, for tests and benchmarks (no vitest here).
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** The admin connection; TEST_PG_URL overrides it (e.g. another user). */
export const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TempDb {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a random name; `drop()` removes it even with open sessions. */
export async function createTempDb(prefix = 'liza_t'): Promise<TempDb> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    async drop() {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
