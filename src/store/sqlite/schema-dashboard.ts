// The dashboard's tallies: tables derived from others and kept in step by triggers (hand-written
// SQL in drizzle/sqlite: 0010_dashboard_hours_upkeep, 0012_dashboard_orders_upkeep), so every
// write path, the turn's raw SQL and erasure included, keeps them right without knowing of them.
// Not copied by `db:copy` (DERIVED_TABLES): the target's triggers rebuild them.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Hourly tallies of `calls` and `consents`. Hours are UTC hour starts in ms, as
 * `dialect.hourStart` computes them.
 */
export const dashboardHours = sqliteTable('dashboard_hours', {
  hourStart: integer('hour_start').primaryKey(),
  /** Calls that started in the hour, of each direction. */
  calls: integer('calls').notNull().default(0),
  inbound: integer('inbound').notNull().default(0),
  outbound: integer('outbound').notNull().default(0),
  /** Sum and number of the known durations of those calls (the month's average length). */
  durationSum: integer('duration_sum').notNull().default(0),
  durationN: integer('duration_n').notNull().default(0),
  /** Consents given and declined in the hour (by when they were given, not when the call began). */
  consentGiven: integer('consent_given').notNull().default(0),
  consentDeclined: integer('consent_declined').notNull().default(0),
});

/**
 * Links (`order_calls`) per order and UTC day (day start in ms): the month's most asked-about
 * orders are found from each day's largest counts (the day index) instead of every link.
 */
export const dashboardOrderDays = sqliteTable(
  'dashboard_order_days',
  {
    orderId: integer('order_id').notNull(),
    dayStart: integer('day_start').notNull(),
    calls: integer('calls').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.dayStart] }), index('dashboard_order_days_day_calls_idx').on(t.dayStart, t.calls)],
);

/** Orders per status and source: the dashboard's status counts and its count of callers' orders. */
export const dashboardOrders = sqliteTable(
  'dashboard_orders',
  {
    status: text('status').notNull(),
    source: text('source').notNull(),
    orders: integer('orders').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.status, t.source] })],
);

/**
 * Tokens of the AI legs (`ai_legs`) that started in each UTC hour (hour start in ms): the dashboard's
 * AI cost per day reads ~720 rows a month instead of summing every leg (drizzle/sqlite 0014).
 */
export const dashboardAiHours = sqliteTable('dashboard_ai_hours', {
  hourStart: integer('hour_start').primaryKey(),
  legs: integer('legs').notNull().default(0),
  inputTextTokens: integer('input_text_tokens').notNull().default(0),
  inputAudioTokens: integer('input_audio_tokens').notNull().default(0),
  inputCachedTokens: integer('input_cached_tokens').notNull().default(0),
  outputTextTokens: integer('output_text_tokens').notNull().default(0),
  outputAudioTokens: integer('output_audio_tokens').notNull().default(0),
});
