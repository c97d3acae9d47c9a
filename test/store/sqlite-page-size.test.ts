// The SQLite file's page size (src/store/sqlite/db.ts): a new file gets 1 KiB pages, which make the
// webhook's commit cheaper; a file made before keeps its own size and works as it did.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/index.ts';

const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

const newPath = () => join(mkdtempSync(join(tmpdir(), 'liza-page-')), 'liza.db');
const pageSizeOf = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('page_size', { simple: true });
  } finally {
    db.close();
  }
};

async function roundTrip(path: string) {
  const store = await createStore(path);
  opened.push(store);
  const at = new Date('2026-12-03T12:00:00Z');
  await store.applyTurn({
    call: { callSid: 'CApage0001', fromMasked: '+49 ••• 78', toNumber: '+4930123', language: 'de-DE', at },
    event: { key: 'ivr:0', kind: 'ivr', step: 'voice', digits: null, detail: { outcome: 'started' }, at },
  });
  return store.getCallBySid('CApage0001');
}

describe('SQLite page size', () => {
  it('gives a new file 1 KiB pages', async () => {
    const path = newPath();
    expect((await roundTrip(path))?.fromMasked).toBe('+49 ••• 78');
    expect(pageSizeOf(path)).toBe(1024);
  });

  it('leaves a file made with 4 KiB pages as it is, and works with it', async () => {
    const path = newPath();
    const old = new Database(path);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec('create table before_liza (x integer)');
    old.close();
    expect((await roundTrip(path))?.language).toBe('de-DE');
    expect(pageSizeOf(path)).toBe(4096);
  });
});
