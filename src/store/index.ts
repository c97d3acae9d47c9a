import type { SqliteDriver } from './sqlite/db.ts';
import type { Store } from './store.ts';

export interface StoreOptions {
  /**
   * Opens a SQLite file; better-sqlite3 when not given. An entry file whose runtime cannot load
   * better-sqlite3 passes its own (main.deno.ts: node:sqlite, see sqlite/node-sqlite-adapter.ts).
   */
  sqliteDriver?: SqliteDriver;
}

/**
 * Picks the implementation from DATABASE_URL. The drivers are imported lazily so that a process
 * only loads the one it uses.
 */
export async function createStore(databaseUrl: string, opts: StoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const { createPgStore } = await import('./pg/index.ts');
    return createPgStore(databaseUrl);
  }
  const { createSqliteStore } = await import('./sqlite/index.ts');
  return createSqliteStore(databaseUrl, { driver: opts.sqliteDriver });
}

export type { Store } from './store.ts';
