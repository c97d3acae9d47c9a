// Transactions written once for both databases. A body is a generator that yields each statement
// instead of awaiting it:
//
//   function* (tx) {
//     const [row] = yield* run(tx.select().from(t.calls).where(eq(t.calls.id, id)));
//     ...
//   }
//
// PostgreSQL's runner awaits each statement inside an async transaction. SQLite's runner executes
// each one synchronously inside one synchronous BEGIN IMMEDIATE transaction (sqlite/write.ts).
// SQLite must not await inside a transaction: the connection is shared by every request of the
// process, and any request running while this one waited would have its statements land inside
// this transaction (better-sqlite3 refuses async transaction functions for that reason).
import type { Db } from './context.ts';

/** What a body yields: a statement not yet run. */
export type Statement = PromiseLike<unknown>;
export type TxBody<T> = (tx: Db) => Generator<Statement, T, unknown>;
export type TxRunner = <T>(body: TxBody<T>) => Promise<T>;

/** Runs one statement of a body and gives its result, typed: `const rows = yield* run(query)`. */
export function* run<T>(statement: PromiseLike<T>): Generator<Statement, T, unknown> {
  return (yield statement) as T;
}

/** The PostgreSQL runner: a drizzle transaction (BEGIN … COMMIT, ROLLBACK on a throw), each statement awaited. */
export function asyncRunner(db: Db): TxRunner {
  return (body) =>
    db.transaction(async (tx) => {
      const it = body(tx);
      for (let step = it.next(); ; ) {
        if (step.done) return step.value;
        // A failed statement is thrown into the body, where it may be caught like an awaited one.
        step = await step.value.then((result) => it.next(result), (err: unknown) => it.throw(err));
      }
    });
}
