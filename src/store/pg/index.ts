import { sql } from 'drizzle-orm';
import type { Store } from '../store.ts';
import { createPgCallStore } from './calls.ts';
import { openPg } from './db.ts';
import { createPgJobStore } from './jobs.ts';
import { createPgOrderStore } from './orders.ts';
import { createPgQueryStore } from './queries.ts';
import { createPgRecordingStore } from './recordings.ts';
import { createPgStaffStore } from './staff.ts';

/**
 * The store for several hosts: PostgreSQL through postgres-js (Node and Deno), migrated at open
 * under an advisory lock. URL options: see docs/postgres.md.
 */
export async function createPgStore(url: string): Promise<Store> {
  const { db, client } = await openPg(url);
  return {
    ...createPgCallStore(db, client),
    ...createPgOrderStore(db),
    ...createPgRecordingStore(db),
    ...createPgJobStore(db),
    ...createPgStaffStore(db),
    ...createPgQueryStore(db),
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
