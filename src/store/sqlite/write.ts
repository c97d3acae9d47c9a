// SQLite write transactions go through writeTransaction(): the shared transaction bodies
// (queries/tx.ts) through syncRunner(), the number index's catch-up directly; the IVR turn has its
// own batched transaction (group-commit.ts), retried the same way. While
// another process holds the write lock it is tried again asynchronously (busy.ts), so the wait
// never stops the event loop for longer than the connection's short busy timeout (db.ts).
import type { Statement, TxRunner } from '../queries/tx.ts';
import type { Db } from '../queries/context.ts';
import { whenUnlocked } from './busy.ts';
import type { SqliteDb } from './db.ts';

export type SqliteTx = Parameters<Parameters<SqliteDb['transaction']>[0]>[0];

/**
 * BEGIN IMMEDIATE, not drizzle's default deferred BEGIN: a transaction that reads first and
 * writes later fails at once with SQLITE_BUSY_SNAPSHOT when the other process (edge or worker)
 * committed in between; IMMEDIATE takes the write lock first, so it waits (busy_timeout) instead.
 */
const IMMEDIATE = { behavior: 'immediate' } as const;

export const writeTransaction = <T>(db: SqliteDb, fn: (tx: SqliteTx) => T): Promise<T> => whenUnlocked(() => db.transaction(fn, IMMEDIATE));

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
