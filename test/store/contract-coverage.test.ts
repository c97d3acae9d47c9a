// Keeps the contract honest as the ports grow: every Store method is exercised by the contract
// suite, and the PostgreSQL store offers exactly the methods the SQLite one does.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.ts';
import { createTempDb, pgUnavailable } from './pg-harness.ts';

const dir = new URL('./', import.meta.url).pathname;
const contractSource = readdirSync(dir)
  .filter((f) => f.startsWith('contract') && f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => readFileSync(dir + f, 'utf8'))
  .join('\n');
const methods = (o: object) => Object.keys(o).filter((k) => typeof (o as Record<string, unknown>)[k] === 'function').sort();

describe('Store contract coverage', () => {
  it('calls every Store method somewhere in the contract suite', async () => {
    const store = await createStore(':memory:');
    const untested = methods(store).filter((m) => !contractSource.includes(`.${m}(`) && m !== 'close');
    await store.close();
    expect(untested, 'Store methods without a contract test').toEqual([]);
  });

  it('has the same methods on PostgreSQL as on SQLite', async (ctx) => {
    const why = await pgUnavailable();
    if (why && process.env.CI !== 'true') return ctx.skip(why);
    const db = await createTempDb();
    const [sqlite, pg] = [await createStore(':memory:'), await createStore(db.url)];
    try {
      expect(methods(pg)).toEqual(methods(sqlite));
    } finally {
      await Promise.all([sqlite.close(), pg.close()]);
      await db.drop();
    }
  });
});
