import type { Store } from './store.ts';

/**
 * Picks the implementation from DATABASE_URL. The drivers are imported lazily so that a process
 * only loads the one it uses (better-sqlite3 does not load under Deno).
 */
export async function createStore(databaseUrl: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('PostgreSQL is not supported yet: set DATABASE_URL to a SQLite file path');
  }
  const { createSqliteStore } = await import('./sqlite/index.ts');
  return createSqliteStore(databaseUrl);
}

export type { Store } from './store.ts';
