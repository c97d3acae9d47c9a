// Group commit for the IVR turn, the webhook hot path. A commit is most of a turn's cost on
// SQLite: each page the turn changed (the call's row and its indexes, the event, the dashboard's
// tallies) is written to the WAL again at every commit (bench/RESULTS.md, "where the webhook's CPU
// goes"). So the turns that reach the store in one turn of the event loop (the requests that
// arrived together) are written in one transaction: a page several of them change is written once.
// Each turn runs in its own savepoint, so one that fails is rolled back and rejected alone, exactly
// as it would have been in a transaction of its own; the others commit and resolve together,
// after the commit, so no answer goes out before its write is in the database.
import type Database from 'better-sqlite3';
import { setImmediate } from 'node:timers';
import { whenUnlocked } from './busy.ts';
import type { SqliteDb } from './db.ts';

interface Pending<A, R> {
  arg: A;
  resolve(value: R): void;
  reject(err: unknown): void;
}

type Outcome<R> = { ok: true; value: R } | { ok: false; err: unknown };

export function groupCommit<A, R>(db: SqliteDb, body: (arg: A) => R): (arg: A) => Promise<R> {
  const client = (db as unknown as { $client: Database.Database }).$client;
  // Nested inside the batch's transaction, better-sqlite3 (and the node:sqlite adapter) run a
  // transaction function as a SAVEPOINT: rolled back alone when it throws.
  const inSavepoint = client.transaction(body);
  const writeBatch = client.transaction((batch: Pending<A, R>[]): Outcome<R>[] => {
    // One turn alone (a quiet moment) needs no savepoint: its failure rolls the whole back.
    if (batch.length === 1) return [{ ok: true, value: body(batch[0]!.arg) }];
    return batch.map((p) => {
      try {
        return { ok: true, value: inSavepoint(p.arg) };
      } catch (err) {
        // An error SQLite ends the whole transaction for (a full disk, say) undoes the turns
        // before this one too: the batch fails as one, and none of it is kept.
        if (!client.inTransaction) throw err;
        return { ok: false, err };
      }
    });
  });

  let queue: Pending<A, R>[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    whenUnlocked(() => writeBatch.immediate(batch)).then(
      (outcomes) => outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.err))),
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
  };
  return (arg) =>
    new Promise<R>((resolve, reject) => {
      // setImmediate runs once the loop has handled the I/O that was ready together.
      if (queue.push({ arg, resolve, reject }) === 1) setImmediate(flush);
    });
}
