// SQLite schema (drizzle). Migrations in drizzle/sqlite are generated from this file by
// `npm run db:generate`; never hand-edit them. Times are integer milliseconds (timestamp_ms).
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

import { now, ts } from './schema-columns.ts';

export * from './schema-staff.ts';
export * from './schema-dashboard.ts';

export const calls = sqliteTable(
  'calls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callSid: text('call_sid').notNull(),
    fromMasked: text('from_masked').notNull(),
    fromFull: text('from_full'),
    toNumber: text('to_number'),
    callerName: text('caller_name'),
    language: text('language').notNull(),
    status: text('status').notNull(),
    startedAt: ts('started_at').notNull().default(now),
    endedAt: ts('ended_at'),
    durationS: integer('duration_s'),
    /** inbound | outbound (a callback staff placed). Calls from before callbacks existed were all inbound. */
    direction: text('direction').notNull().default('inbound'),
    /** The staff user (username) who placed an outbound call. */
    placedBy: text('placed_by'),
    /** Twilio's answering-machine detection result (`AnsweredBy`) of an outbound call. */
    answeredBy: text('answered_by'),
    /** The callback form's one-time key: a double click finds the call the first click placed. */
    callbackKey: text('callback_key'),
    /** When retention or an erasure request removed the call's personal data (docs/privacy.md). */
    erasedAt: ts('erased_at'),
  },
  (t) => [
    uniqueIndex('calls_call_sid_uq').on(t.callSid),
    uniqueIndex('calls_callback_key_uq').on(t.callbackKey),
    // `/calls?direction=` and the per-user callback limit (CALLBACK_LIMIT_PER_HOUR).
    index('calls_direction_started_idx').on(t.direction, t.startedAt, t.id),
    index('calls_placed_by_started_idx').on(t.placedBy, t.startedAt),
    index('calls_started_idx').on(t.startedAt, t.id),
    index('calls_status_started_idx').on(t.status, t.startedAt, t.id),
    index('calls_lang_started_idx').on(t.language, t.startedAt, t.id),
    // Staff list filtered by status and language together (neither alone is selective).
    index('calls_status_lang_started_idx').on(t.status, t.language, t.startedAt, t.id),
  ],
);

export const callEvents = sqliteTable(
  'call_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callId: integer('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    step: text('step').notNull(),
    digits: text('digits'),
    text: text('text'),
    detail: text('detail', { mode: 'json' }),
    at: ts('at').notNull().default(now),
  },
  (t) => [uniqueIndex('call_events_call_key_uq').on(t.callId, t.key)],
);

/**
 * Every wording of the consent question callers have heard, per language: a new row (version)
 * appears by itself the first time a changed locale text is asked. Never deleted: consents point here.
 */
export const consentPrompts = sqliteTable(
  'consent_prompts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    language: text('language').notNull(),
    /** SHA-256 (hex) of `text`. */
    hash: text('hash').notNull(),
    text: text('text').notNull(),
    firstUsedAt: ts('first_used_at').notNull().default(now),
  },
  (t) => [uniqueIndex('consent_prompts_lang_hash_uq').on(t.language, t.hash)],
);

export const consents = sqliteTable(
  'consents',
  {
    callId: integer('call_id').primaryKey().references(() => calls.id, { onDelete: 'cascade' }),
    given: integer('given', { mode: 'boolean' }).notNull(),
    at: ts('at').notNull().default(now),
    /** The evidence (docs/privacy.md): the language asked in, the key pressed, the prompt version heard. Null on consents from before it was kept. */
    language: text('language'),
    digits: text('digits'),
    promptId: integer('prompt_id').references(() => consentPrompts.id),
  },
  // Dashboard: consent rate per day from the index alone.
  (t) => [index('consents_at_given_idx').on(t.at, t.given)],
);

export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull(),
    status: text('status').notNull(),
    /** call | shop | staff (domain/orders.ts). Orders from before sources existed were all made by calls. */
    source: text('source').notNull().default('call'),
    /** The customer's numbers (E.164), from the shop. */
    phones: text('phones', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    name: text('name'),
    /** The shop's note (staff notes live in order_notes). */
    note: text('note'),
    /** The shop's own time of the data last applied: older updates are not applied over it. */
    shopUpdatedAt: ts('shop_updated_at'),
    createdAt: ts('created_at').notNull().default(now),
    updatedAt: ts('updated_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('orders_number_uq').on(t.number),
    index('orders_status_created_idx').on(t.status, t.createdAt, t.id),
    index('orders_created_idx').on(t.createdAt, t.id),
    // Staff check what callers noted: the list filtered by source.
    index('orders_source_created_idx').on(t.source, t.createdAt, t.id),
  ],
);

export const orderCalls = sqliteTable(
  'order_calls',
  {
    orderId: integer('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
    callId: integer('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.callId] }),
    index('order_calls_call_idx').on(t.callId),
    // Dashboard: most asked-about orders over a date range from the index alone.
    index('order_calls_at_order_idx').on(t.at, t.orderId),
  ],
);

export const orderNotes = sqliteTable(
  'order_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
    author: text('author'),
    body: text('body').notNull(),
    at: ts('at').notNull().default(now),
  },
  (t) => [index('order_notes_order_idx').on(t.orderId)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    actor: text('actor'),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    at: ts('at').notNull().default(now),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId)],
);

export const recordings = sqliteTable(
  'recordings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callId: integer('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    recordingSid: text('recording_sid').notNull(),
    url: text('url').notNull(),
    status: text('status').notNull(),
    durationS: integer('duration_s'),
    at: ts('at').notNull().default(now),
  },
  (t) => [uniqueIndex('recordings_sid_uq').on(t.recordingSid), index('recordings_call_idx').on(t.callId)],
);

export const transcripts = sqliteTable(
  'transcripts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callId: integer('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    recordingId: integer('recording_id').references(() => recordings.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    text: text('text'),
    error: text('error'),
    at: ts('at').notNull().default(now),
  },
  (t) => [index('transcripts_call_idx').on(t.callId), uniqueIndex('transcripts_recording_uq').on(t.recordingId)],
);

export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    /** Makes enqueueing idempotent (e.g. `transcribe:RE…`). */
    dedupeKey: text('dedupe_key'),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    runAt: ts('run_at').notNull().default(now),
    leaseUntil: ts('lease_until'),
    leasedBy: text('leased_by'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().default(now),
    updatedAt: ts('updated_at').notNull().default(now),
  },
  (t) => [uniqueIndex('jobs_dedupe_uq').on(t.dedupeKey), index('jobs_status_run_idx').on(t.status, t.runAt)],
);

/** Order numbers callers asked about that were not found (UNKNOWN_ORDERS=reject): once per call and number. */
export const orderMisses = sqliteTable(
  'order_misses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull(),
    callId: integer('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().default(now),
  },
  (t) => [uniqueIndex('order_misses_call_number_uq').on(t.callId, t.number), index('order_misses_at_idx').on(t.at, t.number)],
);

/**
 * A CSV upload on the orders page between its preview and its apply: the checked rows wait here,
 * not in an edge's memory, so any edge process can apply them (and the result stays visible).
 */
export const orderImports = sqliteTable(
  'order_imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    createdBy: text('created_by').notNull(),
    filename: text('filename').notNull(),
    /** preview | applied */
    status: text('status').notNull(),
    rows: text('rows', { mode: 'json' }).$type<unknown[]>().notNull(),
    errors: text('errors', { mode: 'json' }).$type<unknown[]>().notNull(),
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().default(now),
    appliedAt: ts('applied_at'),
  },
  (t) => [index('order_imports_created_idx').on(t.createdAt)],
);

/**
 * One AI conversation (help option 2) of a call: one Twilio media stream. Its end reason is
 * written once (the first write wins) before the stream closes, so `/webhook/stream_end` decides
 * from it how the call goes on. Token usage and answer latency are kept per leg.
 */
export const aiLegs = sqliteTable(
  'ai_legs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callId: integer('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    streamSid: text('stream_sid').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
    inputTextTokens: integer('input_text_tokens').notNull().default(0),
    inputAudioTokens: integer('input_audio_tokens').notNull().default(0),
    inputCachedTokens: integer('input_cached_tokens').notNull().default(0),
    outputTextTokens: integer('output_text_tokens').notNull().default(0),
    outputAudioTokens: integer('output_audio_tokens').notNull().default(0),
    turns: integer('turns').notNull().default(0),
    latencyP50Ms: integer('latency_p50_ms'),
    latencyMaxMs: integer('latency_max_ms'),
    summary: text('summary'),
    outcome: text('outcome', { mode: 'json' }).$type<Record<string, unknown>>(),
    followUp: integer('follow_up', { mode: 'boolean' }),
  },
  (t) => [uniqueIndex('ai_legs_stream_uq').on(t.streamSid), index('ai_legs_call_idx').on(t.callId, t.startedAt), index('ai_legs_started_idx').on(t.startedAt)],
);
