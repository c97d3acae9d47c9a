import { sql } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Db, Dialect, NumberMatch } from '../queries/context.ts';
import { asyncRunner } from '../queries/tx.ts';
import { orderCalls } from './schema.ts';

const SCAN: NumberMatch = { kind: 'scan' };

export function pgDialect(db: Db): Dialect {
  return {
    tx: asyncRunner(db),
    forUpdate: (select, opts) => (select as unknown as PgSelect).for('update', opts?.skipLocked ? { skipLocked: true } : {}) as typeof select,
    // date_trunc on a timestamptz would truncate in the session's time zone, so truncate the epoch.
    // bigint arrives from postgres-js as a string.
    hourStart: (col) => sql<number>`(floor(extract(epoch from ${col}) / 3600) * 3600000)::bigint`.mapWith(Number),
    secondsUntil: (col, at) => sql<number>`greatest(0, round(extract(epoch from ${sql.param(at, col)}::timestamptz - ${col})))::int`,
    // The pg_trgm index (migration 0002) serves the filter's LIKE itself.
    matchNumber: async () => SCAN,
    orderCallsByTime: orderCalls,
    afterErase: async () => {},
  };
}
