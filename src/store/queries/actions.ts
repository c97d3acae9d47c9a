// What staff do to calls and orders, each change with its audit entry in one transaction, and
// the lists those pages show beside them.
import { and, eq } from 'drizzle-orm';
import type { AuditEntry, CallStatus, OrderStatus, StatusChange } from '../../domain/index.ts';
import type { QueryStore } from '../ports/queries.ts';
import { toAudit, toCall } from '../row-mappers.ts';
import type { Db, Shared } from './context.ts';
import { run } from './tx.ts';

type Actions = Pick<QueryStore, 'setCallStatus' | 'setOrderStatus' | 'addOrderNote' | 'listAudit' | 'listOrderNotes' | 'listCallsForOrder'>;

export function actionQueries({ db, t, dialect, order }: Shared): Actions {
  const audit = (tx: Db, e: Omit<AuditEntry, 'id'>) => run(tx.insert(t.auditLog).values(e).returning({ id: t.auditLog.id }));
  // Each action locks its row, so two staff members changing one status at once write two
  // consistent audit entries (old → new, then new → newer), never two from the same old.

  return {
    setCallStatus: (id, status, actor, at) =>
      dialect.tx(function* (tx) {
        const [row] = yield* run(dialect.forUpdate(tx.select({ status: t.calls.status }).from(t.calls).where(eq(t.calls.id, id))));
        if (!row) return { kind: 'not_found' };
        const old = row.status as CallStatus;
        if (old === status) return { kind: 'unchanged', old, new: status };
        yield* run(tx.update(t.calls).set({ status }).where(eq(t.calls.id, id)));
        const [entry] = yield* audit(tx, { entity: 'call', entityId: id, actor, field: 'status', oldValue: old, newValue: status, at });
        // Also on the call's timeline, so the story of the call reads in one place.
        yield* run(tx.insert(t.callEvents).values({ callId: id, key: `staff:${entry!.id}`, kind: 'staff', step: 'status', text: `${old} → ${status}`, detail: { actor, old, new: status }, at }));
        return { kind: 'changed', old, new: status };
      }),

    setOrderStatus: (id, status, actor, at) =>
      dialect.tx(function* (tx) {
        const [row] = yield* run(dialect.forUpdate(tx.select({ status: t.orders.status }).from(t.orders).where(eq(t.orders.id, id))));
        if (!row) return { kind: 'not_found' };
        const old = row.status as OrderStatus;
        if (old === status) return { kind: 'unchanged', old, new: status };
        yield* run(tx.update(t.orders).set({ status, updatedAt: at }).where(eq(t.orders.id, id)));
        yield* audit(tx, { entity: 'order', entityId: id, actor, field: 'status', oldValue: old, newValue: status, at });
        return { kind: 'changed', old, new: status };
      }),

    addOrderNote: (orderId, body, actor, at) =>
      dialect.tx(function* (tx) {
        const [found] = yield* run(tx.select({ id: t.orders.id }).from(t.orders).where(eq(t.orders.id, orderId)));
        if (!found) return null;
        const [note] = yield* run(tx.insert(t.orderNotes).values({ orderId, author: actor, body, at }).returning());
        yield* audit(tx, { entity: 'order', entityId: orderId, actor, field: 'note', oldValue: null, newValue: body, at });
        return note!;
      }),

    async listAudit(entity, entityId) {
      const rows = await db.select().from(t.auditLog).where(and(eq(t.auditLog.entity, entity), eq(t.auditLog.entityId, entityId))).orderBy(...order.audit);
      return rows.map(toAudit);
    },

    listOrderNotes: (orderId) => db.select().from(t.orderNotes).where(eq(t.orderNotes.orderId, orderId)).orderBy(...order.notes),

    async listCallsForOrder(orderId) {
      const rows = await db
        .select({ c: t.calls })
        .from(t.orderCalls)
        .innerJoin(t.calls, eq(t.calls.id, t.orderCalls.callId))
        .where(eq(t.orderCalls.orderId, orderId))
        .orderBy(...order.callsOldestFirst);
      return rows.map((r) => toCall(r.c));
    },
  };
}
