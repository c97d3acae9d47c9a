import { asc, eq } from 'drizzle-orm';
import type { QueryStore } from '../ports/queries.ts';
import type { SqliteDb } from './db.ts';
import { toCall } from '../row-mappers.ts';
import { addOrderNote, listAudit, setCallStatus, setOrderStatus } from './queries-actions.ts';
import { dashboardStats, listLiveCalls } from './queries-dashboard.ts';
import { listCalls, listOrders } from './queries-lists.ts';
import { calls, orderCalls, orderNotes } from './schema.ts';

/** The staff pages' read models and actions on SQLite (better-sqlite3 is synchronous underneath). */
export function createSqliteQueryStore(db: SqliteDb): QueryStore {
  return {
    async listCalls(f, p) {
      return listCalls(db, f, p);
    },
    async listOrders(f, p) {
      return listOrders(db, f, p);
    },
    async dashboardStats(since) {
      return dashboardStats(db, since);
    },
    async listLiveCalls(since, limit) {
      return listLiveCalls(db, since, limit);
    },
    async listCallsForOrder(orderId) {
      return db
        .select({ c: calls })
        .from(orderCalls)
        .innerJoin(calls, eq(calls.id, orderCalls.callId))
        .where(eq(orderCalls.orderId, orderId))
        .orderBy(asc(calls.startedAt), asc(calls.id))
        .all()
        .map((r) => toCall(r.c));
    },
    async listOrderNotes(orderId) {
      return db.select().from(orderNotes).where(eq(orderNotes.orderId, orderId)).orderBy(asc(orderNotes.at), asc(orderNotes.id)).all();
    },
    async listAudit(entity, id) {
      return listAudit(db, entity, id);
    },
    async setCallStatus(id, status, actor, at) {
      return setCallStatus(db, id, status, actor, at);
    },
    async setOrderStatus(id, status, actor, at) {
      return setOrderStatus(db, id, status, actor, at);
    },
    async addOrderNote(orderId, body, actor, at) {
      return addOrderNote(db, orderId, body, actor, at);
    },
  };
}
