import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { JobStore, NewJob } from '../ports/jobs.ts';
import type { PgDb, PgExec } from './db.ts';
import { newJobRow, toJob } from '../row-mappers.ts';
import { jobs } from './schema.ts';

/** Takes a transaction so a recording and its transcription job are written together. */
export async function enqueueJobIn(tx: PgExec, job: NewJob, now: Date) {
  const [row] = await tx
    .insert(jobs)
    .values(newJobRow(job, now))
    .onConflictDoNothing()
    .returning();
  if (row) return row;
  return (await tx.select().from(jobs).where(eq(jobs.dedupeKey, job.dedupeKey!)))[0]!;
}

const heldBy = (id: number, workerId: string) => and(eq(jobs.id, id), eq(jobs.status, 'running'), eq(jobs.leasedBy, workerId));
const iso = (d: Date) => d.toISOString();

export function createPgJobStore(db: PgDb): JobStore {
  return {
    async enqueueJob(job) {
      return toJob(await enqueueJobIn(db, job, new Date()));
    },
    async getJob(id) {
      const [r] = await db.select().from(jobs).where(eq(jobs.id, id));
      return r ? toJob(r) : null;
    },
    async claimJob({ workerId, leaseMs, now, kinds }) {
      const due = or(and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)), and(eq(jobs.status, 'running'), lte(jobs.leaseUntil, now)));
      // SKIP LOCKED: workers on other hosts pass over a row another one is claiming right now
      // instead of queueing behind its lock, so N workers claim N different jobs in parallel.
      // The lease still decides who owns a job once the claiming transaction has committed.
      const next = db
        .select({ id: jobs.id })
        .from(jobs)
        .where(kinds?.length ? and(due, inArray(jobs.kind, kinds)) : due)
        .orderBy(asc(jobs.runAt), asc(jobs.id))
        .limit(1)
        .for('update', { skipLocked: true });
      const [row] = await db
        .update(jobs)
        .set({ status: 'running', leasedBy: workerId, leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${jobs.attempts} + 1`, updatedAt: now })
        .where(eq(jobs.id, sql`(${next})`))
        .returning();
      return row ? toJob(row) : null;
    },
    async completeJob(id, workerId, now) {
      const rows = await db
        .update(jobs)
        .set({ status: 'done', leaseUntil: null, lastError: null, updatedAt: now })
        .where(heldBy(id, workerId))
        .returning({ id: jobs.id });
      return rows.length > 0;
    },
    async failJob(id, workerId, error, retryAt, now) {
      // One statement decides retry or give up from the row as it is when locked.
      const final = retryAt === null ? sql`true` : sql`${jobs.attempts} >= ${jobs.maxAttempts}`;
      const [row] = await db
        .update(jobs)
        .set({
          status: sql`case when ${final} then 'failed' else 'queued' end`,
          runAt: retryAt === null ? undefined : sql`case when ${final} then ${jobs.runAt} else ${iso(retryAt)}::timestamptz end`,
          leaseUntil: null,
          leasedBy: null,
          lastError: error,
          updatedAt: now,
        })
        .where(heldBy(id, workerId))
        .returning();
      return row ? toJob(row) : null;
    },
    async releaseJob(id, workerId, now) {
      const rows = await db
        .update(jobs)
        .set({ status: 'queued', leaseUntil: null, leasedBy: null, attempts: sql`greatest(${jobs.attempts} - 1, 0)`, updatedAt: now })
        .where(heldBy(id, workerId))
        .returning({ id: jobs.id });
      return rows.length > 0;
    },
    async listJobs(filter = {}) {
      const conds = [filter.kind ? eq(jobs.kind, filter.kind) : undefined, filter.status ? eq(jobs.status, filter.status) : undefined];
      const rows = await db.select().from(jobs).where(and(...conds)).orderBy(asc(jobs.id));
      return rows.map(toJob);
    },
  };
}
