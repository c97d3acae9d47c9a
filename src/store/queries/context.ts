// What the shared queries run on. They are written once, against drizzle's PostgreSQL builders, and
// run on both databases: the two schemas declare the same tables and columns, drizzle builds each
// query from the column objects it is given, and awaiting a query on better-sqlite3 runs it (its
// builders are thenables too). So PostgreSQL passes its database and tables as they are, and
// SQLite passes its own through sharedSqlite(), a cast that compiles only while the schemas agree.
//
// Why the PostgreSQL types: they have no synchronous .get()/.all()/.run(), so shared code cannot
// call what PostgreSQL lacks. The converse is not checked by the compiler (PostgreSQL-only SQL such
// as FOR UPDATE or `::timestamptz`); such differences belong in the Dialect below, and the
// contract suite (test/store/contract*.ts) runs every shared query on both databases.
// Results of a write without .returning() differ per driver (a row count here, RunResult there):
// shared code reads only what .returning() gives.
import type { Column, InferInsertModel, InferSelectModel, SQL, Table } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as pgSchema from '../pg/schema.ts';
import type * as sqliteSchema from '../sqlite/schema.ts';
import { orderings, type Orderings } from './order-by.ts';
import type { TxRunner } from './tx.ts';

export type Tables = typeof pgSchema;
export type Db = PgDatabase<PgQueryResultHKT>;

/** Calls whose number contains a part, as a number index answers: see Dialect.matchNumber. */
export type NumberMatch =
  /** These calls match (possibly none). */
  | { kind: 'ids'; ids: number[] }
  /** At least `atLeast` calls match: a pattern so common that walking the newest calls finds a page at once. */
  | { kind: 'many'; atLeast: number }
  /** No index can answer (too short a part, or none kept): filter the rows themselves. */
  | { kind: 'scan' };

/** The few places where the two databases need different SQL for the same question. */
export interface Dialect {
  /** Runs a transaction body (tx.ts) on this database's terms. */
  tx: TxRunner;
  /** A select whose rows the transaction is about to change, locked until it ends (`skipLocked`: pass over rows others hold). */
  forUpdate<Q>(select: Q, opts?: { skipLocked?: boolean }): Q;
  /** Epoch milliseconds of the start of the UTC hour a timestamp column falls in. */
  hourStart(col: Column): SQL<number>;
  /** Whole seconds from a timestamp column to `at`, never below zero. */
  secondsUntil(col: Column, at: Date): SQL<number>;
  /** Calls whose caller number contains `part`, from the database's own number index. */
  matchNumber(part: string): Promise<NumberMatch>;
  /** `order_calls`, as the dashboard's most-asked-about query should read it (SQLite needs an index hint). */
  orderCallsByTime: SQL | Tables['orderCalls'];
  /**
   * Rows (day_start, order_id, calls): each UTC day's `depth` largest counts in dashboard_order_days,
   * from `firstDay` to `lastDay` (day starts in ms), in one statement (dashboard-top-orders.ts).
   */
  dayTops(firstDay: number, lastDay: number, depth: number): SQL;
  /**
   * After an erasure: make erased values gone from the files too. SQLite copies the WAL back into
   * the database and truncates it (with secure_delete on, freed space is zeroed); PostgreSQL's dead
   * row versions are reclaimed by (auto)vacuum (docs/privacy.md).
   */
  afterErase(): Promise<void>;
}

/** What every shared query gets: the database, its tables, its dialect and the list orderings. */
export interface Shared {
  db: Db;
  t: Tables;
  dialect: Dialect;
  order: Orderings;
}

export const shared = (db: Db, t: Tables, dialect: Dialect): Shared => ({ db, t, dialect, order: orderings(t) });

// The compile-time half of the cast: every table of either schema has the same columns, of the
// same types, in the other. A column added to one schema only fails here, naming it. (Whether an
// insert may omit a column is left out: SQLite fills an INTEGER PRIMARY KEY such as consents'
// call_id by itself, PostgreSQL does not; no shared query relies on either.)
type Rows<S> = { [K in keyof S]: S[K] extends Table ? { select: InferSelectModel<S[K]>; insert: Required<InferInsertModel<S[K]>> } : never };
type Fits<A extends B, B> = A;
export type SqliteFitsPg = Fits<Rows<typeof sqliteSchema>, Rows<Tables>>;
export type PgFitsSqlite = Fits<Rows<Tables>, Rows<typeof sqliteSchema>>;
