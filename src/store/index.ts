import type { Store } from './store.ts';

/**
 * Picks the implementation from DATABASE_URL. The drivers are imported lazily so that a process
 * only loads the one it uses (better-sqlite3 does not load under Deno).
 */
export async function createStore(databaseUrl: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const { createPgStore } = await import('./pg/index.ts');
    return createPgStore(databaseUrl);
  }
  const { createSqliteStore } = await import('./sqlite/index.ts');
  // better-sqlite3 is a Node addon Deno cannot load; there the same drizzle queries run over
  // node:sqlite through a better-sqlite3-shaped adapter. The Node path is untouched.
  if ('Deno' in globalThis) {
    const [{ loadNodeSqliteDriver }, { useSqliteDriver }] = await Promise.all([
      import('./sqlite/node-sqlite-adapter.ts'),
      import('./sqlite/db.ts'),
    ]);
    useSqliteDriver(await loadNodeSqliteDriver());
  }
  return createSqliteStore(databaseUrl);
}

export type { Store } from './store.ts';
