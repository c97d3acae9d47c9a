import { sql } from 'drizzle-orm';
import type { Store } from '../store.ts';
import { createSqliteCallStore } from './calls.ts';
import { openSqlite } from './db.ts';
import { createSqliteJobStore } from './jobs.ts';
import { createSqliteOrderStore } from './orders.ts';
import { createSqliteQueryStore } from './queries.ts';
import { createSqliteRecordingStore } from './recordings.ts';
import { createSqliteStaffStore } from './staff.ts';

/** The embedded default: one SQLite file (or `:memory:` in tests), migrated on open. */
export function createSqliteStore(url: string): Store {
  const { db, raw } = openSqlite(url);
  return {
    ...createSqliteCallStore(db),
    ...createSqliteOrderStore(db),
    ...createSqliteRecordingStore(db),
    ...createSqliteJobStore(db),
    ...createSqliteStaffStore(db),
    ...createSqliteQueryStore(db),
    async ping() {
      db.get(sql`select 1`);
    },
    async close() {
      if (raw.open) raw.close();
    },
  };
}
