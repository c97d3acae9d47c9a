// Issue 11 point 4, the single statements: while another process holds SQLite's write lock, a
// status callback's write and the worker's job bookkeeping wait without stopping the event loop,
// and are made once the lock is gone; past the deadline they fail with DatabaseLockedError
// instead. (Before, each waited synchronously in busy_timeout for up to 5 s, the loop stopped.)
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseLockedError } from '../../src/store/sqlite/busy.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/store.ts';
import { tempDir } from '../helpers/spawn-edge.ts';
import { eventually } from '../helpers/wait.ts';
import { at, turn } from './fixtures.ts';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

/** A second connection, as the other process would be, holding the write lock until released. */
function holdWriteLock(file: string) {
  const other = new Database(file);
  open.push(other);
  other.exec('BEGIN IMMEDIATE');
  other.prepare("INSERT INTO login_failures (key, at) VALUES ('lock', 0)").run();
  return { release: () => other.exec('ROLLBACK') };
}

/** Counts event-loop turns (timers) from now on: a loop stopped by a synchronous wait counts none. */
function loopTicks() {
  let n = 0;
  let on = true;
  const tick = () => {
    n++;
    if (on) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  return { count: () => n, stop: () => void (on = false) };
}

/** Whether a promise has settled yet, without waiting for it. */
function tracked<T>(p: Promise<T>) {
  const t = { settled: false, p };
  p.then(() => (t.settled = true), () => (t.settled = true));
  return t;
}

async function seeded(file: string, writeDeadlineMs: number): Promise<Store> {
  const store = createSqliteStore(file, { writeDeadlineMs });
  open.push(store);
  await store.applyTurn(turn('CAlock', 1));
  return store;
}

describe('SQLite write-locked by another connection: the single statements', () => {
  it('a status callback and a job write wait asynchronously, then are made once the lock is released', async () => {
    const file = join(tempDir(), 'locked.db');
    // A deadline far beyond the test, so only the release ends the wait.
    const store = await seeded(file, 10 * 60_000);
    await store.enqueueJob({ kind: 'transcribe', payload: { recordingId: 1 }, runAt: at(0) });
    const job = (await store.claimJob({ workerId: 'w1', leaseMs: 60_000, now: at(1) }))!;
    const lock = holdWriteLock(file);
    const ticks = loopTicks();

    const status = tracked(store.applyCallStatus({ callSid: 'CAlock', twilioStatus: 'completed', durationS: 42, at: at(60) }));
    const done = tracked(store.completeJob(job.id, 'w1', at(61)));
    // The loop keeps turning while both writes wait for the lock: a synchronous wait would
    // count no ticks until it gave up, and then the writes would have failed.
    await eventually(() => ticks.count(), (n) => n >= 20, '20 event-loop turns while the writes wait');
    expect(status.settled).toBe(false);
    expect(done.settled).toBe(false);

    lock.release();
    const call = await status.p;
    expect(call).toMatchObject({ status: 'completed', durationS: 42 });
    expect(await done.p).toBe(true);
    ticks.stop();
    expect((await store.getJob(job.id))?.status).toBe('done');
  });

  it('past its deadline a write fails with DatabaseLockedError, the loop turning meanwhile, and nothing is written', async () => {
    const file = join(tempDir(), 'locked-deadline.db');
    const store = await seeded(file, 300);
    const lock = holdWriteLock(file);
    const ticks = loopTicks();
    const event = { key: 'status:ringing', kind: 'twilio_status', step: 'ringing', detail: null, at: at(5) } as const;
    await expect(store.addCallEvent('CAlock', event)).rejects.toBeInstanceOf(DatabaseLockedError);
    expect(ticks.count()).toBeGreaterThan(0);
    ticks.stop();
    lock.release();
    const call = (await store.getCallBySid('CAlock'))!;
    expect((await store.listCallEvents(call.id)).map((e) => e.step)).toEqual(['step1']);
    // The same write, the lock gone: made.
    expect(await store.addCallEvent('CAlock', event)).toBe(true);
  });
});
