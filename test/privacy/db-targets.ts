// The two databases privacy tests run on: a SQLite file (so the raw file can be scanned too) and a
// throwaway PostgreSQL database. Each gives a real store and a scan of every column.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createStore } from '../../src/store/index.ts';
import { startFakeTwilioRest, type FakeTwilioRest } from '../fakes/fake-twilio-rest.ts';
import type { Store } from '../../src/store/store.ts';
import { scanPg, scanSqlite, type Hit } from '../helpers/db-scan.ts';
import { createTempDb } from '../store/pg-temp-db.ts';

export interface DbTarget {
  url: string;
  store: Store;
  scan(needles: string[]): Promise<Hit[]>;
  close(): Promise<void>;
}

export const DB_KINDS = ['sqlite', 'pg'] as const;
export type DbKind = (typeof DB_KINDS)[number];

export async function openTarget(kind: DbKind): Promise<DbTarget> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'liza-privacy-'));
    const url = join(dir, 'liza.db');
    const store = await createStore(url);
    return { url, store, scan: async (n) => scanSqlite(url, n), close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const db = await createTempDb('liza_priv');
  const store = await createStore(db.url);
  return { url: db.url, store, scan: (n) => scanPg(db.url, n), close: async () => (await store.close(), await db.drop()) };
}

/** For a describe block: a fresh database of `kind` and a fake Twilio REST API, opened before and closed after its tests. */
export function useDbAndTwilio(kind: DbKind): { db(): DbTarget; fake(): FakeTwilioRest } {
  let db: DbTarget | undefined;
  let fake: FakeTwilioRest | undefined;
  beforeAll(async () => {
    db = await openTarget(kind);
    fake = await startFakeTwilioRest();
  });
  afterAll(async () => {
    await fake?.close();
    await db?.close();
  });
  return { db: () => db!, fake: () => fake! };
}
