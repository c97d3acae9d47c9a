// Every list the store returns, in one order on both databases: by time, then by id, so rows of
// the same instant never come back in whatever order a plan happens to read them.
import { asc, desc } from 'drizzle-orm';
import type { Tables } from './context.ts';

export const orderings = (t: Tables) => ({
  /** Staff lists: newest first. */
  callsNewestFirst: [desc(t.calls.startedAt), desc(t.calls.id)],
  ordersNewestFirst: [desc(t.orders.createdAt), desc(t.orders.id)],
  /** An order's calls, first call first. */
  callsOldestFirst: [asc(t.calls.startedAt), asc(t.calls.id)],
  /** A call's orders (and its first order in the lists), in the order they were linked. */
  linksOldestFirst: [asc(t.orderCalls.at), asc(t.orderCalls.orderId)],
  events: [asc(t.callEvents.at), asc(t.callEvents.id)],
  notes: [asc(t.orderNotes.at), asc(t.orderNotes.id)],
  audit: [asc(t.auditLog.at), asc(t.auditLog.id)],
  /** The job queue: due first, then enqueued first. */
  jobsDueFirst: [asc(t.jobs.runAt), asc(t.jobs.id)],
  jobs: [asc(t.jobs.id)],
  recordings: [asc(t.recordings.id)],
  transcripts: [asc(t.transcripts.id)],
});

export type Orderings = ReturnType<typeof orderings>;
