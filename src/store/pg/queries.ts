import { asc, eq } from 'drizzle-orm';
import type { QueryStore } from '../ports/queries.ts';
import type { PgDb } from './db.ts';
import { toCall } from '../row-mappers.ts';
import { addOrderNote, listAudit, setCallStatus, setOrderStatus } from './queries-actions.ts';
import { dashboardStats, listLiveCalls } from './queries-dashboard.ts';
import { listCalls, listOrders } from './queries-lists.ts';
import { calls, orderCalls, orderNotes } from './schema.ts';

/** The staff pages' read models and actions on PostgreSQL. */
export function createPgQueryStore(db: PgDb): QueryStore {
  return {
    listCalls: (f, p) => listCalls(db, f, p),
    listOrders: (f, p) => listOrders(db, f, p),
    dashboardStats: (since) => dashboardStats(db, since),
    listLiveCalls: (since, limit) => listLiveCalls(db, since, limit),
    async listCallsForOrder(orderId) {
      const rows = await db
        .select({ c: calls })
        .from(orderCalls)
        .innerJoin(calls, eq(calls.id, orderCalls.callId))
        .where(eq(orderCalls.orderId, orderId))
        .orderBy(asc(calls.startedAt), asc(calls.id));
      return rows.map((r) => toCall(r.c));
    },
    listOrderNotes: (orderId) => db.select().from(orderNotes).where(eq(orderNotes.orderId, orderId)).orderBy(asc(orderNotes.at), asc(orderNotes.id)),
    listAudit: (entity, id) => listAudit(db, entity, id),
    setCallStatus: (id, status, actor, at) => setCallStatus(db, id, status, actor, at),
    setOrderStatus: (id, status, actor, at) => setOrderStatus(db, id, status, actor, at),
    addOrderNote: (orderId, body, actor, at) => addOrderNote(db, orderId, body, actor, at),
  };
}
