import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.ts';
import { parsePgUrl, PG_MIGRATIONS } from '../../src/store/pg/db.ts';
import { createTempDb, requirePg, type TempDb } from './pg-harness.ts';

const JOURNAL = JSON.parse(readFileSync(join(PG_MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
const EXPECTED_TABLES = [
  'ai_legs', 'api_keys', 'audit_log', 'call_events', 'calls', 'consent_prompts', 'consents', 'dashboard_ai_hours', 'dashboard_hours', 'dashboard_order_days', 'dashboard_orders', 'jobs', 'login_failures', 'order_calls', 'order_imports', 'order_misses',
  'order_notes', 'orders', 'recordings', 'staff_sessions', 'staff_users', 'transcripts',
];

describe('PostgreSQL URL options', () => {
  it('takes the pool size from ?max= and leaves the rest of the URL alone', () => {
    expect(parsePgUrl('postgres://u@h:5432/db?max=3&sslmode=disable')).toEqual({ url: 'postgres://u@h:5432/db?sslmode=disable', max: 3 });
    expect(parsePgUrl('postgresql://u@h/db').max).toBe(10);
    expect(() => parsePgUrl('postgres://u@h/db?max=lots')).toThrow(/max must be a positive integer/);
  });
});

if (await requirePg()) {
  describe('PostgreSQL migrations', () => {
    const dbs: TempDb[] = [];
    afterAll(async () => {
      for (const db of dbs) await db.drop();
    });

    it('several processes starting at once on a fresh database migrate it exactly once', async () => {
      const db = await createTempDb();
      dbs.push(db);
      // Each store opens its own connections, as separate edge and worker processes would.
      const stores = await Promise.all(Array.from({ length: 6 }, () => createStore(`${db.url}?max=2`)));
      try {
        const sql = postgres(db.url, { max: 1 });
        const tables = await sql<{ t: string }[]>`select tablename as t from pg_tables where schemaname = 'public' order by 1`;
        expect(tables.map((r) => r.t)).toEqual(EXPECTED_TABLES);
        const applied = await sql`select hash from drizzle.__drizzle_migrations`;
        expect(applied).toHaveLength(JOURNAL.entries.length);
        // The trigram index for caller-number search, wherever pg_trgm is available (it ships with PostgreSQL).
        const [trgm] = await sql`select
          (select count(*)::int from pg_available_extensions where name = 'pg_trgm') as available,
          (select count(*)::int from pg_indexes where indexname = 'calls_number_trgm_idx') as n`;
        expect(trgm!.n).toBe(trgm!.available);
        await sql.end();
        // And they all work against the one schema.
        await Promise.all(stores.map((s, i) => s.enqueueJob({ kind: 'k', payload: { i }, dedupeKey: 'same' })));
        expect(await stores[0]!.listJobs()).toHaveLength(1);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('a second start on a migrated database keeps the data', async () => {
      const db = await createTempDb();
      dbs.push(db);
      const a = await createStore(db.url);
      await a.createStaffUser('anna', 'h', new Date());
      await a.close();
      const b = await createStore(db.url);
      expect(await b.countStaffUsers()).toBe(1);
      await b.ping();
      await b.close();
    });

    it('opening a store fails with an error when the server is unreachable', async () => {
      const store = await createStore('postgres://postgres@127.0.0.1:1/nowhere?connect_timeout=2').catch((e: Error) => e);
      expect(store).toBeInstanceOf(Error);
    });
  });
}
