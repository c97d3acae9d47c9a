import type Database from 'better-sqlite3';
import type { SqliteDriver } from './db.ts';

// better-sqlite3 12 is a Node addon that Deno cannot load, but Deno ships `node:sqlite`
// (DatabaseSync). drizzle-orm 0.45 has no node:sqlite driver, so this is the small part of
// better-sqlite3's API that drizzle's better-sqlite3 driver and its migrator call, over
// DatabaseSync. With it the store's queries and the migrations run unchanged on both
// runtimes: one SQLite code path, one file format. (drizzle's sqlite-proxy driver would also work,
// but it is async-only, and our stores rely on synchronous transactions.)
// https://nodejs.org/api/sqlite.html · https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md

type SqlValue = null | number | bigint | string | Uint8Array;

/** What we use of node:sqlite's StatementSync (@types/node 20 does not describe node:sqlite). */
interface StatementSync {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
  setReturnArrays(enabled: boolean): void;
  columns(): unknown[];
}

/** What we use of node:sqlite's DatabaseSync. */
export interface DatabaseSync {
  prepare(sql: string): StatementSync;
  exec(sql: string): void;
  close(): void;
  readonly isOpen: boolean;
  readonly isTransaction: boolean;
}

/** better-sqlite3's Statement surface: run/get/all and `raw()` (rows as arrays, which drizzle needs for joins). */
class Statement {
  private rawMode = false;
  constructor(
    private readonly stmt: StatementSync,
    readonly source: string,
  ) {}

  get reader(): boolean {
    return this.stmt.columns().length > 0;
  }

  raw(toggle = true): this {
    // Arrays, not objects: a join selecting two `id` columns would collapse in object mode.
    this.rawMode = toggle;
    this.stmt.setReturnArrays(toggle);
    return this;
  }

  run(...params: SqlValue[]) {
    return this.stmt.run(...params);
  }

  get(...params: SqlValue[]) {
    return this.stmt.get(...params);
  }

  all(...params: SqlValue[]) {
    return this.stmt.all(...params);
  }
}

type Behaviour = 'default' | 'deferred' | 'immediate' | 'exclusive';
const BEGIN: Record<Behaviour, string> = {
  default: 'BEGIN',
  deferred: 'BEGIN DEFERRED',
  immediate: 'BEGIN IMMEDIATE',
  exclusive: 'BEGIN EXCLUSIVE',
};

/** better-sqlite3's Database surface over a node:sqlite DatabaseSync. */
export class NodeSqliteDatabase {
  constructor(private readonly db: DatabaseSync) {}

  get open(): boolean {
    return this.db.isOpen;
  }

  get inTransaction(): boolean {
    return this.db.isTransaction;
  }

  prepare(sql: string): Statement {
    return new Statement(this.db.prepare(sql), sql);
  }

  exec(sql: string): this {
    this.db.exec(sql);
    return this;
  }

  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const stmt = this.prepare(`PRAGMA ${source}`);
    if (!options.simple) return stmt.all();
    const row = stmt.raw().get() as unknown[] | undefined;
    return row?.[0];
  }

  close(): this {
    this.db.close();
    return this;
  }

  /**
   * Same semantics as better-sqlite3's `db.transaction(fn)`: BEGIN/COMMIT, ROLLBACK on a throw,
   * a SAVEPOINT when already inside a transaction, and a promise-returning fn is refused
   * (SQLite transactions here are synchronous).
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R) {
    const wrap = (behaviour: Behaviour) =>
      (...args: A): R => {
        const nested = this.db.isTransaction;
        this.db.exec(nested ? 'SAVEPOINT liza_sp' : BEGIN[behaviour]);
        try {
          const result = fn(...args);
          if (result && typeof (result as { then?: unknown }).then === 'function') {
            throw new TypeError('Transaction function cannot return a promise');
          }
          this.db.exec(nested ? 'RELEASE liza_sp' : 'COMMIT');
          return result;
        } catch (err) {
          if (this.db.isTransaction) {
            if (nested) this.db.exec('ROLLBACK TO liza_sp; RELEASE liza_sp');
            else this.db.exec('ROLLBACK');
          }
          throw err;
        }
      };
    return Object.assign(wrap('default'), {
      default: wrap('default'),
      deferred: wrap('deferred'),
      immediate: wrap('immediate'),
      exclusive: wrap('exclusive'),
    });
  }
}

/**
 * node:sqlite (Deno ≥ 2.2, Node ≥ 22.5) behind the better-sqlite3 surface that
 * `drizzle-orm/better-sqlite3` expects. Async only because the module is imported on demand.
 */
export async function loadNodeSqliteDriver(): Promise<SqliteDriver> {
  // A computed specifier: Node 20's type definitions do not know node:sqlite.
  const specifier = 'node:sqlite';
  const mod = (await import(specifier)) as { DatabaseSync: new (path: string, options?: { timeout?: number }) => DatabaseSync };
  // better-sqlite3 waits up to 5 s for another process's write lock by default; node:sqlite
  // fails at once. Same default here, so opening next to a busy worker does not fail.
  const timeout = 5000;
  // The cast is the adapter's whole point: drizzle only calls the methods implemented above.
  return (path) => new NodeSqliteDatabase(new mod.DatabaseSync(path, { timeout })) as unknown as Database.Database;
}
