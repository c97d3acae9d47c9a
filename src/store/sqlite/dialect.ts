import { sql, type SQL } from 'drizzle-orm';
import type { Dialect } from '../queries/context.ts';
import type { SqliteDb } from './db.ts';
import { matchNumber } from './number-search.ts';
import { dashboardOrderDays as d, orderCalls } from './schema.ts';
import { syncRunner } from './write.ts';

// Timestamps are integer milliseconds here (timestamp_ms columns).
const HOUR = sql.raw(String(3_600_000));
const DAY = 86_400_000;

export function sqliteDialect(db: SqliteDb): Dialect {
  return {
    tx: syncRunner(db),
    // A write transaction here holds the database's one write lock from its first statement.
    forUpdate: (select) => select,
    // HOUR is inlined, not bound: SQLite only sees two bound `?` as the same expression in GROUP BY when they are literals.
    hourStart: (col) => sql<number>`(${col} / ${HOUR}) * ${HOUR}`,
    secondsUntil: (col, at) => sql<number>`max(0, cast(round((${sql.param(at, col)} - ${col}) / 1000.0) as integer))`,
    matchNumber: (part) => matchNumber(db, part),
    // Left alone, SQLite walks the whole primary key to skip a sort, ~4× slower at 1M calls.
    orderCallsByTime: sql`${orderCalls} indexed by order_calls_at_order_idx`,
    // No lateral join here: a union of one (day_start, calls) index probe per day.
    dayTops: (firstDay, lastDay, depth) => {
      const days: SQL[] = [];
      for (let day = firstDay, i = 0; day <= lastDay; day += DAY, i++) {
        days.push(sql`select * from (select ${d.dayStart} as day_start, ${d.orderId} as order_id, ${d.calls} as calls from ${d} where ${d.dayStart} = ${day} order by ${d.calls} desc limit ${depth}) as ${sql.raw(`t${i}`)}`);
      }
      return sql.join(days, sql` union all `);
    },
    // Best effort: a reader in another process can hold old frames; the next checkpoint then does it.
    afterErase: async () => void db.run(sql`pragma wal_checkpoint(TRUNCATE)`),
  };
}
