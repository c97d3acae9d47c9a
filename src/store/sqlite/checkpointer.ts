// WAL checkpoints off the event loop (issue 14, the webhook's p99). By default SQLite checkpoints
// inside the COMMIT that pushes the WAL past 1,000 pages (https://www.sqlite.org/wal.html#ckpt):
// it copies the pages back into the database file and fsyncs both files, in whichever webhook's
// turn happened to commit, with the event loop stopped. At 2,000 webhooks a second that was a
// stall of several milliseconds many times a second (bench/RESULTS.md, "checkpoints").
// Here the process's own connection never checkpoints (wal_autocheckpoint = 0), and a thread with
// its own connection does, while the WAL grows (checkpoint-thread.ts). The thread costs ~9 MiB of
// RSS, so it runs only while the process writes: it exits once the WAL has been quiet for
// idleMs, and a cheap stat of the WAL file brings it back when it grows again.
import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { CHECKPOINT_THREAD_SOURCE } from './checkpoint-thread.ts';

/** SQLite's own threshold: wal_autocheckpoint's default of 1,000 pages of 4 KiB. */
const START_BYTES = 1000 * 4096;
/** SQLite's default, restored when the thread cannot run. */
const INLINE_AUTOCHECKPOINT_PAGES = 1000;

export interface CheckpointerOptions {
  /** How often the process looks at the WAL's size while no thread runs. */
  watchMs?: number;
  /** How often the thread checkpoints. */
  everyMs?: number;
  /** How long the WAL stays unchanged and fully copied before the thread exits. */
  idleMs?: number;
  /** The better-sqlite3 module the thread loads (the process's own, by default). */
  driverPath?: string;
  /** Handed the checkpointer as it starts (the tests listen to its events through it). */
  observe?: (cp: Checkpointer) => void;
}

/**
 * Events, for the tests and the curious: `start`, `checkpoint` ({ busy, log, checkpointed }, the
 * thread's PASSIVE result), `idle` ({ truncated }), `exit`, and `inline` (err) when the thread could
 * not run and checkpoints went back into the process's commits, as SQLite does by default.
 */
export interface Checkpointer extends EventEmitter {
  close(): Promise<void>;
}

export function startCheckpointer(raw: Database.Database, path: string, opts: CheckpointerOptions = {}): Checkpointer {
  const events = new EventEmitter() as Checkpointer;
  const walPath = `${path}-wal`;
  const driver = opts.driverPath ?? createRequire(import.meta.url).resolve('better-sqlite3');
  const workerData = { driver, path, everyMs: opts.everyMs ?? 100, idleMs: opts.idleMs ?? 30_000 };
  let thread: Worker | null = null;
  let closed = false;
  // The WAL as the thread left it; a WAL that did not change since is not a reason to start again.
  let leftAt = -1;

  raw.pragma('wal_autocheckpoint = 0');
  const inline = (err: unknown) => {
    clearInterval(watch);
    if (raw.open) raw.pragma(`wal_autocheckpoint = ${INLINE_AUTOCHECKPOINT_PAGES}`);
    events.emit('inline', err);
  };
  const start = () => {
    const t = new Worker(CHECKPOINT_THREAD_SOURCE, { eval: true, workerData });
    thread = t;
    // Neither the thread nor the watcher keeps a process alive: a command-line tool that is done
    // exits, and the last connection to close checkpoints what is left (SQLite does that itself).
    t.unref();
    t.on('message', (m: { kind: string }) => events.emit(m.kind, m));
    t.on('error', (err) => {
      thread = null;
      if (!closed) inline(err);
    });
    t.on('exit', () => {
      if (thread === t) thread = null;
      leftAt = walStamp();
      events.emit('exit');
    });
    events.emit('start');
  };
  const walStamp = () => {
    try {
      const s = statSync(walPath);
      return s.size >= START_BYTES ? s.mtimeMs : -1;
    } catch {
      return -1; // no WAL yet, or gone after the last close
    }
  };
  const watch = setInterval(() => {
    if (thread || closed) return;
    const stamp = walStamp();
    if (stamp !== -1 && stamp !== leftAt) start();
  }, opts.watchMs ?? 250);
  watch.unref();
  opts.observe?.(events);

  events.close = async () => {
    closed = true;
    clearInterval(watch);
    const t = thread;
    thread = null;
    await t?.terminate();
  };
  return events;
}
