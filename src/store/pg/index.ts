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
    async checkWritable() {
      // A standby (recovery) or a read-only default refuses every write; no write needed to tell.
      const rows = (await client`select pg_is_in_recovery() as standby, current_setting('default_transaction_read_only') as ro`) as unknown as Array<{ standby: boolean; ro: string }>;
      const r = rows[0];
      if (r?.standby || r?.ro === 'on') throw Object.assign(new Error('the PostgreSQL server accepts reads only (a standby, or default_transaction_read_only)'), { code: 'READ_ONLY' });
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
