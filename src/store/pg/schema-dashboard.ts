// The dashboard's tallies, kept in step by triggers (drizzle/pg: 0008_dashboard_hours_upkeep,
// 0010_dashboard_orders_upkeep); table for table the SQLite ones in ../sqlite/schema-dashboard.ts.
import { bigint, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const dashboardHours = pgTable('dashboard_hours', {
  hourStart: bigint('hour_start', { mode: 'number' }).primaryKey(),
  calls: integer('calls').notNull().default(0),
  inbound: integer('inbound').notNull().default(0),
  outbound: integer('outbound').notNull().default(0),
  durationSum: bigint('duration_sum', { mode: 'number' }).notNull().default(0),
  durationN: integer('duration_n').notNull().default(0),
  consentGiven: integer('consent_given').notNull().default(0),
  consentDeclined: integer('consent_declined').notNull().default(0),
});

export const dashboardOrderDays = pgTable(
  'dashboard_order_days',
  {
    orderId: integer('order_id').notNull(),
    dayStart: bigint('day_start', { mode: 'number' }).notNull(),
    calls: integer('calls').notNull().default(0),
  },
  // Both indexes cover what the top-orders search reads (dashboard-top-orders.ts), so PostgreSQL
  // answers it from the indexes alone: each day's largest counts with their orders, and the
  // candidates' daily counts. Through the primary key and a (day_start, calls) index it fetched a
  // heap row for every count read, ~5 times the buffers at 1M calls (migration 0011).
  (t) => [
    primaryKey({ columns: [t.orderId, t.dayStart] }),
    index('dashboard_order_days_day_calls_order_idx').on(t.dayStart, t.calls, t.orderId),
    index('dashboard_order_days_order_day_calls_idx').on(t.orderId, t.dayStart, t.calls),
  ],
);

export const dashboardOrders = pgTable(
  'dashboard_orders',
  {
    status: text('status').notNull(),
    source: text('source').notNull(),
    orders: integer('orders').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.status, t.source] })],
);

export const dashboardAiHours = pgTable('dashboard_ai_hours', {
  hourStart: bigint('hour_start', { mode: 'number' }).primaryKey(),
  legs: integer('legs').notNull().default(0),
  inputTextTokens: bigint('input_text_tokens', { mode: 'number' }).notNull().default(0),
  inputAudioTokens: bigint('input_audio_tokens', { mode: 'number' }).notNull().default(0),
  inputCachedTokens: bigint('input_cached_tokens', { mode: 'number' }).notNull().default(0),
  outputTextTokens: bigint('output_text_tokens', { mode: 'number' }).notNull().default(0),
  outputAudioTokens: bigint('output_audio_tokens', { mode: 'number' }).notNull().default(0),
});
