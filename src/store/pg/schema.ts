// PostgreSQL schema (drizzle pg-core), table for table, column for column the SQLite one in
// ../sqlite/schema.ts: same names, indexes and uniques. Migrations in drizzle/pg are generated
// from this file by `npm run db:generate:pg`; never hand-edit them.
// Ids are identity columns BY DEFAULT (not ALWAYS) so `db:copy` can keep the SQLite ids.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

import { id, ts } from './schema-columns.ts';

export * from './schema-staff.ts';
export * from './schema-dashboard.ts';

export const calls = pgTable(
  'calls',
  {
    id: id(),
    callSid: text('call_sid').notNull(),
    fromMasked: text('from_masked').notNull(),
    fromFull: text('from_full'),
    toNumber: text('to_number'),
    callerName: text('caller_name'),
    language: text('language').notNull(),
    status: text('status').notNull(),
    startedAt: ts('started_at').notNull().defaultNow(),
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

export const callEvents = pgTable(
  'call_events',
  {
    id: id(),
    callId: integer('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    step: text('step').notNull(),
    digits: text('digits'),
    text: text('text'),
    detail: jsonb('detail'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('call_events_call_key_uq').on(t.callId, t.key)],
);

/**
 * Every wording of the consent question callers have heard, per language: a new row (version)
 * appears by itself the first time a changed locale text is asked. Never deleted: consents point here.
 */
export const consentPrompts = pgTable(
  'consent_prompts',
  {
    id: id(),
    language: text('language').notNull(),
    /** SHA-256 (hex) of `text`. */
    hash: text('hash').notNull(),
    text: text('text').notNull(),
    firstUsedAt: ts('first_used_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('consent_prompts_lang_hash_uq').on(t.language, t.hash)],
);

export const consents = pgTable(
  'consents',
  {
    callId: integer('call_id').primaryKey().references(() => calls.id, { onDelete: 'cascade' }),
    given: boolean('given').notNull(),
    at: ts('at').notNull().defaultNow(),
    /** The evidence (docs/privacy.md): the language asked in, the key pressed, the prompt version heard. Null on consents from before it was kept. */
    language: text('language'),
    digits: text('digits'),
    promptId: integer('prompt_id').references(() => consentPrompts.id),
  },
  // Dashboard: consent rate per day from the index alone.
  (t) => [index('consents_at_given_idx').on(t.at, t.given)],
);

export const orders = pgTable(
  'orders',
  {
    id: id(),
    number: text('number').notNull(),
    status: text('status').notNull(),
    /** call | shop | staff (domain/orders.ts). Orders from before sources existed were all made by calls. */
    source: text('source').notNull().default('call'),
    /** The customer's numbers (E.164), from the shop. */
    phones: jsonb('phones').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    name: text('name'),
    /** The shop's note (staff notes live in order_notes). */
    note: text('note'),
    /** The shop's own time of the data last applied: older updates are not applied over it. */
    shopUpdatedAt: ts('shop_updated_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_number_uq').on(t.number),
    index('orders_status_created_idx').on(t.status, t.createdAt, t.id),
    index('orders_created_idx').on(t.createdAt, t.id),
    // Staff check what callers noted: the list filtered by source.
    index('orders_source_created_idx').on(t.source, t.createdAt, t.id),
  ],
);

export const orderCalls = pgTable(
  'order_calls',
  {
    orderId: integer('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
    callId: integer('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.callId] }),
    index('order_calls_call_idx').on(t.callId),
    // Dashboard: most asked-about orders over a date range from the index alone.
    index('order_calls_at_order_idx').on(t.at, t.orderId),
  ],
);

export const orderNotes = pgTable(
  'order_notes',
  {
    id: id(),
    orderId: integer('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
    author: text('author'),
    body: text('body').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('order_notes_order_idx').on(t.orderId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    actor: text('actor'),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId)],
);

export const recordings = pgTable(
  'recordings',
  {
    id: id(),
    callId: integer('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    recordingSid: text('recording_sid').notNull(),
    url: text('url').notNull(),
    status: text('status').notNull(),
    durationS: integer('duration_s'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('recordings_sid_uq').on(t.recordingSid), index('recordings_call_idx').on(t.callId)],
);

export const transcripts = pgTable(
  'transcripts',
  {
    id: id(),
    callId: integer('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    recordingId: integer('recording_id').references(() => recordings.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    text: text('text'),
    error: text('error'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('transcripts_call_idx').on(t.callId), uniqueIndex('transcripts_recording_uq').on(t.recordingId)],
);

export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    /** Makes enqueueing idempotent (e.g. `transcribe:RE…`). */
    dedupeKey: text('dedupe_key'),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    runAt: ts('run_at').notNull().defaultNow(),
    leaseUntil: ts('lease_until'),
    leasedBy: text('leased_by'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('jobs_dedupe_uq').on(t.dedupeKey), index('jobs_status_run_idx').on(t.status, t.runAt)],
);

/** Order numbers callers asked about that were not found (UNKNOWN_ORDERS=reject): once per call and number. */
export const orderMisses = pgTable(
  'order_misses',
  {
    id: id(),
    number: text('number').notNull(),
    callId: integer('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('order_misses_call_number_uq').on(t.callId, t.number), index('order_misses_at_idx').on(t.at, t.number)],
);

/**
 * A CSV upload on the orders page between its preview and its apply: the checked rows wait here,
 * not in an edge's memory, so any edge process can apply them (and the result stays visible).
 */
export const orderImports = pgTable(
  'order_imports',
  {
    id: id(),
    createdBy: text('created_by').notNull(),
    filename: text('filename').notNull(),
    /** preview | applied */
    status: text('status').notNull(),
    rows: jsonb('rows').$type<unknown[]>().notNull(),
    errors: jsonb('errors').$type<unknown[]>().notNull(),
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    appliedAt: ts('applied_at'),
  },
  (t) => [index('order_imports_created_idx').on(t.createdAt)],
);

/** See ../sqlite/schema.ts: one AI conversation of a call, its end reason (first write wins), usage and latency. */
export const aiLegs = pgTable(
  'ai_legs',
  {
    id: id(),
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
    outcome: jsonb('outcome').$type<Record<string, unknown>>(),
    followUp: boolean('follow_up'),
  },
  (t) => [uniqueIndex('ai_legs_stream_uq').on(t.streamSid), index('ai_legs_call_idx').on(t.callId, t.startedAt), index('ai_legs_started_idx').on(t.startedAt)],
);
