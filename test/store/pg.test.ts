import postgres from 'postgres';
import { createStore, type Store } from '../../src/store/index.ts';
import { storeContract } from './contract.ts';
import { createTempDb, requirePg, type TempDb } from './pg-harness.ts';

if (await requirePg()) {
  let db: TempDb | undefined;
  let store: Store | undefined;
  let admin: postgres.Sql | undefined;

  storeContract('PostgreSQL', {
    async fresh() {
      if (!db) {
        db = await createTempDb();
        store = await createStore(`${db.url}?max=4`);
        admin = postgres(db.url, { max: 1, onnotice: () => {} });
      }
      // One database per file, emptied between tests: creating a database per test is slow.
      const tables = await admin!<{ t: string }[]>`select tablename as t from pg_tables where schemaname = 'public'`;
      await admin!.unsafe(`truncate ${tables.map((r) => `"${r.t}"`).join(', ')} restart identity cascade`);
      return store!;
    },
    async finish() {
      await store?.close();
      await admin?.end();
      await db?.drop();
    },
  });
}
