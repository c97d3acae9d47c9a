import { sql } from 'drizzle-orm';
import { createQueries } from '../queries/index.ts';
import { shared, type Db, type Tables } from '../queries/context.ts';
import type { Store } from '../store.ts';
import { sqliteTurn } from '../turn/turn-statements.ts';
import { lockTolerant, WRITE_DEADLINE_MS } from './busy.ts';
import { openSqlite, type SqliteDriver } from './db.ts';
import { sqliteDialect } from './dialect.ts';
import * as schema from './schema.ts';

export interface SqliteStoreOptions {
  /** How to open the file; better-sqlite3 by default (main.deno.ts passes node:sqlite). */
  driver?: SqliteDriver;
  /** How long a store call keeps trying while another process holds the write lock (busy.ts). */
  writeDeadlineMs?: number;
}

/** Answer at once, lock or not: the health check's probes, and closing. */
const IMMEDIATE: ReadonlySet<keyof Store> = new Set(['ping', 'checkWritable', 'close']);

const WRITE_CHECK_BUSY_MS = 250;

/** The embedded default: one SQLite file (or `:memory:` in tests), migrated on open. */
export function createSqliteStore(url: string, opts: SqliteStoreOptions = {}): Store {
  const { db, raw } = openSqlite(url, opts.driver);
  // The cast queries/context.ts explains and type-checks (SqliteFitsPg, PgFitsSqlite).
  const s = shared(db as unknown as Db, schema as unknown as Tables, sqliteDialect(db));
  const store: Store = {
    ...createQueries(s),
    ...sqliteTurn(db),
    async ping() {
      db.get(sql`select 1`);
    },
    async checkWritable() {
      // Rewriting user_version (unused by the migrations) is the smallest real write; a short busy
      // wait, so that a lock held elsewhere is reported instead of stalling the event loop.
      const previous = raw.pragma('busy_timeout', { simple: true });
      raw.pragma(`busy_timeout = ${WRITE_CHECK_BUSY_MS}`);
      try {
        raw.pragma(`user_version = ${Number(raw.pragma('user_version', { simple: true }))}`);
      } finally {
        raw.pragma(`busy_timeout = ${Number(previous)}`);
      }
    },
    async close() {
      if (raw.open) raw.close();
    },
  };
  return lockTolerant(store, IMMEDIATE, opts.writeDeadlineMs ?? WRITE_DEADLINE_MS);
}
