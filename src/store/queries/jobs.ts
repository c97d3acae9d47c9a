import { and, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { JobStore } from '../ports/jobs.ts';
import { newJobRow, toJob } from '../row-mappers.ts';
import type { Shared } from './context.ts';

// The durable queue. Every write is one statement that decides from the row as it is when
// written, so two workers (processes or hosts) never both take, finish or fail one job.
export function jobQueries({ db, t, dialect, order }: Shared): JobStore {
  const { jobs } = t;
  const heldBy = (id: number, workerId: string) => and(eq(jobs.id, id), eq(jobs.status, 'running'), eq(jobs.leasedBy, workerId));
  const at = (d: Date) => sql.param(d, jobs.runAt);
  return {
    async enqueueJob(job) {
      const [row] = await db.insert(jobs).values(newJobRow(job, new Date())).onConflictDoNothing().returning();
      if (row) return toJob(row);
      // Only a dedupe key conflicts: the job enqueued before under that key.
      const [existing] = await db.select().from(jobs).where(eq(jobs.dedupeKey, job.dedupeKey!));
      return toJob(existing!);
    },
    async getJob(id) {
      const [r] = await db.select().from(jobs).where(eq(jobs.id, id));
      return r ? toJob(r) : null;
    },
    async claimJob({ workerId, leaseMs, now, kinds }) {
      const due = or(and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)), and(eq(jobs.status, 'running'), lte(jobs.leaseUntil, now)));
      // SKIP LOCKED (PostgreSQL): workers on other hosts pass over a row another one is claiming
      // right now instead of queueing behind its lock, so N workers claim N different jobs in
      // parallel. SQLite runs the whole UPDATE under its one write lock. The lease then decides
      // who owns the job.
      const next = dialect.forUpdate(
        db.select({ id: jobs.id }).from(jobs).where(kinds?.length ? and(due, inArray(jobs.kind, kinds)) : due).orderBy(...order.jobsDueFirst).limit(1),
        { skipLocked: true },
      );
      const [row] = await db
        .update(jobs)
        .set({ status: 'running', leasedBy: workerId, leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${jobs.attempts} + 1`, updatedAt: now })
        .where(eq(jobs.id, sql`(${next})`))
        .returning();
      return row ? toJob(row) : null;
    },
    async completeJob(id, workerId, now) {
      const rows = await db.update(jobs).set({ status: 'done', leaseUntil: null, lastError: null, updatedAt: now }).where(heldBy(id, workerId)).returning({ id: jobs.id });
      return rows.length > 0;
    },
    async failJob(id, workerId, error, retryAt, now) {
      // Retry at retryAt, or fail for good once the attempts are used up (or without a retryAt).
      const final = retryAt === null ? sql`1 = 1` : sql`${jobs.attempts} >= ${jobs.maxAttempts}`;
      const [row] = await db
        .update(jobs)
        .set({
          status: sql`case when ${final} then 'failed' else 'queued' end`,
          runAt: retryAt === null ? undefined : sql`case when ${final} then ${jobs.runAt} else ${at(retryAt)} end`,
          leaseUntil: null,
          leasedBy: null,
          lastError: error,
          updatedAt: now,
        })
        .where(heldBy(id, workerId))
        .returning();
      return row ? toJob(row) : null;
    },
    async renewJobLease(id, workerId, leaseUntil, now) {
      const rows = await db.update(jobs).set({ leaseUntil, updatedAt: now }).where(heldBy(id, workerId)).returning({ id: jobs.id });
      return rows.length > 0;
    },
    async releaseJob(id, workerId, now) {
      const rows = await db
        .update(jobs)
        .set({ status: 'queued', leaseUntil: null, leasedBy: null, attempts: sql`case when ${jobs.attempts} > 0 then ${jobs.attempts} - 1 else 0 end`, updatedAt: now })
        .where(heldBy(id, workerId))
        .returning({ id: jobs.id });
      return rows.length > 0;
    },
    async listJobs(filter = {}) {
      const conds = [filter.kind ? eq(jobs.kind, filter.kind) : undefined, filter.status ? eq(jobs.status, filter.status) : undefined];
      const rows = await db.select().from(jobs).where(and(...conds)).orderBy(...order.jobs);
      return rows.map(toJob);
    },
  };
}
