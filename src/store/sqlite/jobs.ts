import { eq } from 'drizzle-orm';
import type { JobStore, NewJob } from '../ports/jobs.ts';
import type { SqliteDb } from './db.ts';
import { toJob } from './mappers.ts';
import { jobs } from './schema.ts';

type Writer = Pick<SqliteDb, 'insert' | 'select'>;

/** Sync so it can run inside another write's transaction (a recording and its job together). */
export function enqueueJobSync(db: Writer, job: NewJob, now: Date) {
  const values = {
    kind: job.kind,
    payload: job.payload,
    dedupeKey: job.dedupeKey ?? null,
    status: 'queued',
    maxAttempts: job.maxAttempts ?? 5,
    runAt: job.runAt ?? now,
    createdAt: now,
    updatedAt: now,
  };
  const row = db.insert(jobs).values(values).onConflictDoNothing().returning().get();
  if (row) return row;
  return db.select().from(jobs).where(eq(jobs.dedupeKey, job.dedupeKey!)).get()!;
}

export function createSqliteJobStore(db: SqliteDb): JobStore {
  return {
    async enqueueJob(job) {
      return toJob(db.transaction((tx) => enqueueJobSync(tx, job, new Date())));
    },
    async getJob(id) {
      const r = db.select().from(jobs).where(eq(jobs.id, id)).get();
      return r ? toJob(r) : null;
    },
  };
}
