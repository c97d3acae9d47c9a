// The daily `retention` job (issue 15 point 3): a durable job like transcription, one per UTC day
// (dedupe key `retention:YYYY-MM-DD`), so several workers run it once, and a worker killed midway
// leaves it leased: once the lease runs out, any worker takes it over and erases the rest (each
// finished batch is already erased and audited; privacy/retention.ts).
import type { Logger } from '../../log/logger.ts';
import { runRetention } from '../../privacy/retention.ts';
import type { RecordingDeleter } from '../../privacy/twilio-recordings.ts';
import type { Store } from '../../store/store.ts';
import type { JobHandler } from './runner.ts';

export const RETENTION_JOB = 'retention';
const DAY_MS = 86_400_000;

export interface RetentionJobConfig {
  store: Store;
  deleteRecording: RecordingDeleter;
  retentionDays: number;
  logger: Logger;
  clock?: () => Date;
  batchSize?: number;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** Today's run, due now (idempotent: a day's job is enqueued once, whoever asks). */
export function scheduleRetention(store: Store, now: Date) {
  return store.enqueueJob({ kind: RETENTION_JOB, payload: { day: dayOf(now) }, dedupeKey: `${RETENTION_JOB}:${dayOf(now)}`, runAt: now, maxAttempts: 20 });
}

export function createRetentionHandler(cfg: RetentionJobConfig): JobHandler {
  const clock = cfg.clock ?? (() => new Date());
  return {
    async run(_job, signal) {
      const counts = await runRetention(
        { store: cfg.store, deleteRecording: cfg.deleteRecording, clock },
        {
          retentionDays: cfg.retentionDays,
          batchSize: cfg.batchSize,
          // Between batches a shutdown stops cleanly; the job is given back and the next run continues.
          onBatch: () => signal.throwIfAborted(),
        },
      );
      cfg.logger.info({ retentionDays: cfg.retentionDays, ...counts }, 'retention run done');
      // Tomorrow's run, at the start of the next UTC day.
      const now = clock();
      const next = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
      await cfg.store.enqueueJob({ kind: RETENTION_JOB, payload: { day: dayOf(next) }, dedupeKey: `${RETENTION_JOB}:${dayOf(next)}`, runAt: next, maxAttempts: 20 });
    },
    async onFailed(_job, error) {
      cfg.logger.error({ err: error }, 'retention failed for good today; it runs again tomorrow');
      await scheduleRetention(cfg.store, new Date(Math.floor(clock().getTime() / DAY_MS) * DAY_MS + DAY_MS));
    },
  };
}
