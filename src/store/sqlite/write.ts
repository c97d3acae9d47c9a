// Every SQLite write transaction goes through writeTransaction(): the shared transaction bodies
// (queries/tx.ts) through syncRunner(), the IVR turn (turn/turn-statements.ts) directly. What to
// do while another process holds the write lock is decided here, once: better-sqlite3 waits
// synchronously (busy_timeout), which stops the whole event loop (every other webhook, live AI
// audio), so inside a transaction the busy timeout is short (db.ts) and a transaction that still
// finds the lock taken is retried here after an asynchronous pause, until WRITE_DEADLINE_MS. Past
// it the write fails, and a webhook answers with its apology well inside Twilio's 15 s.
import type { Statement, TxRunner } from '../queries/tx.ts';
import type { Db } from '../queries/context.ts';
import { BUSY_TIMEOUT_MS, TX_BUSY_TIMEOUT_MS, type SqliteDb } from './db.ts';

export type SqliteTx = Parameters<Parameters<SqliteDb['transaction']>[0]>[0];

/**
 * BEGIN IMMEDIATE, not drizzle's default deferred BEGIN: a transaction that reads first and
 * writes later fails at once with SQLITE_BUSY_SNAPSHOT when the other process (edge or worker)
 * committed in between; IMMEDIATE takes the write lock first, so it waits (busy_timeout) instead.
 */
const IMMEDIATE = { behavior: 'immediate' } as const;

/** How long one write transaction may keep trying while another process holds the lock. */
export const WRITE_DEADLINE_MS = 1_500;
const RETRY_PAUSE_MS = [10, 25, 50, 100];

const isBusy = (err: unknown) => {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
};

export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
  readonly code = 'SQLITE_BUSY';
}

type Client = { prepare(source: string): { get(): unknown } };
type BusyTimeouts = { short(): void; long(): void };
const busyTimeouts = new WeakMap<object, BusyTimeouts>();

/**
 * The two busy_timeout pragmas every write transaction runs, prepared once per connection:
 * pragma() prepares its statement anew on each call, which cost more than running it (bench:turn).
 * better-sqlite3 and the node:sqlite adapter (Deno) both have prepare(); get(), since a pragma
 * that sets a value answers with a row.
 */
function busyTimeoutsOf(db: SqliteDb): BusyTimeouts | undefined {
  const client = (db as unknown as { $client?: Client }).$client;
  if (!client?.prepare) return undefined;
  let b = busyTimeouts.get(client);
  if (!b) {
    const short = client.prepare(`pragma busy_timeout = ${TX_BUSY_TIMEOUT_MS}`);
    const long = client.prepare(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`);
    b = { short: () => void short.get(), long: () => void long.get() };
    busyTimeouts.set(client, b);
  }
  return b;
}

export async function writeTransaction<T>(db: SqliteDb, fn: (tx: SqliteTx) => T): Promise<T> {
  const started = Date.now();
  const busy = busyTimeoutsOf(db);
  for (let attempt = 0; ; attempt++) {
    try {
      busy?.short();
      try {
        return db.transaction(fn, IMMEDIATE);
      } finally {
        busy?.long();
      }
    } catch (err) {
      if (!isBusy(err)) throw err;
      const pause = RETRY_PAUSE_MS[Math.min(attempt, RETRY_PAUSE_MS.length - 1)]!;
      if (Date.now() - started + pause >= WRITE_DEADLINE_MS) {
        throw new DatabaseLockedError(`the SQLite database stayed locked by another process for ${WRITE_DEADLINE_MS / 1000} s; the write was not made`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

/**
 * Runs one drizzle statement now, as awaiting it would (rows for a select or RETURNING, else the
 * run result), but synchronously: through drizzle's own prepared query, whose sync() is what
 * better-sqlite3's await calls underneath.
 */
function runNow(statement: Statement): unknown {
  const q = statement as unknown as { _prepare?: () => { execute(): { sync?: () => unknown } } };
  const pending = q._prepare?.().execute();
  if (!pending?.sync) throw new TypeError('a transaction body yielded something that is not a drizzle SQLite statement');
  return pending.sync();
}

/** Shared transaction bodies on SQLite: every statement run synchronously inside one write transaction. */
export function syncRunner(db: SqliteDb): TxRunner {
  return (body) =>
    writeTransaction(db, (tx) => {
      const it = body(tx as unknown as Db);
      let step = it.next();
      while (!step.done) {
        let result: unknown;
        try {
          result = runNow(step.value);
        } catch (err) {
          // Thrown into the body, where it may be caught; uncaught, it rolls the transaction back.
          step = it.throw(err);
          continue;
        }
        step = it.next(result);
      }
      return step.value;
    });
}
