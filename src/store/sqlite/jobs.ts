import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { JobStore, NewJob } from '../ports/jobs.ts';
import { WRITE, type SqliteDb } from './db.ts';
import { newJobRow, toJob } from '../row-mappers.ts';
import { jobs } from './schema.ts';

type Writer = Pick<SqliteDb, 'insert' | 'select'>;

/** Sync so it can run inside another write's transaction (a recording and its job together). */
export function enqueueJobSync(db: Writer, job: NewJob, now: Date) {
  const row = db.insert(jobs).values(newJobRow(job, now)).onConflictDoNothing().returning().get();
  if (row) return row;
  return db.select().from(jobs).where(eq(jobs.dedupeKey, job.dedupeKey!)).get()!;
}

const heldBy = (id: number, workerId: string) => and(eq(jobs.id, id), eq(jobs.status, 'running'), eq(jobs.leasedBy, workerId));

export function createSqliteJobStore(db: SqliteDb): JobStore {
  return {
    async enqueueJob(job) {
      return toJob(db.transaction((tx) => enqueueJobSync(tx, job, new Date()), WRITE));
    },
    async getJob(id) {
      const r = db.select().from(jobs).where(eq(jobs.id, id)).get();
      return r ? toJob(r) : null;
    },
    async claimJob({ workerId, leaseMs, now, kinds }) {
      // Select-then-update in one (immediate) transaction: SQLite serialises writers, so two
      // workers can never both move the same row to `running`.
      const row = db.transaction(
        (tx) => {
          const due = or(
            and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)),
            and(eq(jobs.status, 'running'), lte(jobs.leaseUntil, now)),
          );
          const where = kinds?.length ? and(due, inArray(jobs.kind, kinds)) : due;
          const next = tx.select({ id: jobs.id }).from(jobs).where(where).orderBy(asc(jobs.runAt), asc(jobs.id)).limit(1).get();
          if (!next) return null;
          return tx
            .update(jobs)
            .set({ status: 'running', leasedBy: workerId, leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${jobs.attempts} + 1`, updatedAt: now })
            .where(eq(jobs.id, next.id))
            .returning()
            .get();
        },
        WRITE,
      );
      return row ? toJob(row) : null;
    },
    async completeJob(id, workerId, now) {
      const r = db.update(jobs).set({ status: 'done', leaseUntil: null, lastError: null, updatedAt: now }).where(heldBy(id, workerId)).run();
      return r.changes > 0;
    },
    async failJob(id, workerId, error, retryAt, now) {
      const row = db.transaction((tx) => {
        const cur = tx.select().from(jobs).where(heldBy(id, workerId)).get();
        if (!cur) return null;
        const final = retryAt === null || cur.attempts >= cur.maxAttempts;
        return tx
          .update(jobs)
          .set({ status: final ? 'failed' : 'queued', runAt: final ? cur.runAt : retryAt, leaseUntil: null, leasedBy: null, lastError: error, updatedAt: now })
          .where(eq(jobs.id, id))
          .returning()
          .get();
      }, WRITE);
      return row ? toJob(row) : null;
    },
    async releaseJob(id, workerId, now) {
      const r = db
        .update(jobs)
        .set({ status: 'queued', leaseUntil: null, leasedBy: null, attempts: sql`max(${jobs.attempts} - 1, 0)`, updatedAt: now })
        .where(heldBy(id, workerId))
        .run();
      return r.changes > 0;
    },
    async listJobs(filter = {}) {
      const conds = [filter.kind ? eq(jobs.kind, filter.kind) : undefined, filter.status ? eq(jobs.status, filter.status) : undefined];
      return db.select().from(jobs).where(and(...conds)).orderBy(asc(jobs.id)).all().map(toJob);
    },
  };
}
