// Issue 14, the webhook's p99: WAL checkpoints (and their fsyncs) run in a thread, never inside a
// webhook's commit on the event loop (src/store/sqlite/checkpointer.ts). Each test waits for the
// checkpointer's own events, never for a time.
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer, type Checkpointer } from '../../src/store/sqlite/checkpointer.ts';
import { openSqlite } from '../../src/store/sqlite/db.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { tempDir } from '../helpers/spawn-edge.ts';
import { turn } from './fixtures.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function opened(opts: Parameters<typeof startCheckpointer>[2]) {
  const file = join(tempDir(), 'ckpt.db');
  const { raw } = openSqlite(file);
  cleanup.push(() => raw.close());
  raw.exec('CREATE TABLE filler (b BLOB)');
  const cp = startCheckpointer(raw, file, opts);
  cleanup.push(() => cp.close());
  /** About `mb` MB of new pages, each transaction committed on its own as a webhook's would be. */
  const write = (mb: number) => {
    const add = raw.prepare('INSERT INTO filler (b) VALUES (randomblob(4000))');
    for (let i = 0; i < mb * 25; i++) raw.transaction(() => { for (let j = 0; j < 10; j++) add.run(); })();
  };
  return { file, raw, cp, write };
}

/** The first `checkpoint` event that has copied the whole WAL back into the database file. */
async function fullCheckpoint(cp: Checkpointer) {
  for (;;) {
    const [r] = (await once(cp, 'checkpoint')) as [{ log: number; checkpointed: number }];
    if (r.log > 0 && r.checkpointed === r.log) return r;
  }
}

describe('SQLite checkpoints in a thread', () => {
  it('the process never checkpoints in its commits; the thread copies the WAL into the file', async () => {
    const { file, raw, cp, write } = opened({ watchMs: 5, everyMs: 5, idleMs: 60_000 });
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const started = once(cp, 'start');
    write(6);
    // Nothing was copied back by the commits themselves: the file holds only the schema's pages.
    expect(statSync(file).size).toBeLessThan(100_000);
    await started;
    await fullCheckpoint(cp);
    expect(statSync(file).size).toBeGreaterThan(5_000_000);
    expect(raw.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 1500 });
  });

  it('quiet, the thread truncates the WAL and exits; new writes bring it back', async () => {
    const { file, cp, write } = opened({ watchMs: 5, everyMs: 5, idleMs: 30 });
    const idle = once(cp, 'idle');
    const exited = once(cp, 'exit');
    write(5);
    expect(await idle).toEqual([expect.objectContaining({ truncated: true })]);
    await exited;
    expect(statSync(`${file}-wal`).size).toBe(0);
    const again = once(cp, 'start');
    write(5);
    await again;
    await fullCheckpoint(cp);
  });

  it('a thread that cannot run hands the checkpoints back to the commits, as SQLite does by default', async () => {
    const { raw, cp, write } = opened({ watchMs: 5, driverPath: join(tempDir(), 'no-such-driver.js') });
    const inline = once(cp, 'inline');
    write(5);
    const [err] = (await inline) as [Error];
    expect(String(err)).toMatch(/no-such-driver/);
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it("the store runs one for its file: the turns' WAL is checkpointed by the thread, and closing ends it", async () => {
    let cp: Checkpointer | undefined;
    const file = join(tempDir(), 'store.db');
    const store = createSqliteStore(file, { checkpoints: { watchMs: 5, everyMs: 5, observe: (c) => (cp = c) } });
    cleanup.push(() => store.close());
    const started = once(cp!, 'start');
    for (let i = 0; i < 400 && statSync(`${file}-wal`).size < 5_000_000; i++) await store.applyTurn(turn(`CAckpt${i}`, i));
    await started;
    await fullCheckpoint(cp!);
    const exited = once(cp!, 'exit');
    await store.close();
    await exited;
  });
});
