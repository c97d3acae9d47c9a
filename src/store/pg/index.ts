import { sql } from 'drizzle-orm';
import { shared } from '../queries/context.ts';
import { createQueries } from '../queries/index.ts';
import type { Store } from '../store.ts';
import { pgTurn } from '../turn/turn-sql.ts';
import { openPg } from './db.ts';
import { pgDialect } from './dialect.ts';
import * as schema from './schema.ts';

/**
 * The store for several hosts: PostgreSQL through postgres-js (Node and Deno), migrated at open
 * under an advisory lock. URL options: see docs/postgres.md.
 */
export async function createPgStore(url: string): Promise<Store> {
  const { db, client } = await openPg(url);
  return {
    ...createQueries(shared(db, schema, pgDialect(db))),
    ...pgTurn(client),
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
