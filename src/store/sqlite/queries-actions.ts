import { and, asc, eq } from 'drizzle-orm';
import type { StatusChange } from '../../domain/index.ts';
import type { AuditEntry, CallStatus, OrderStatus } from '../../domain/index.ts';
import { toAudit } from '../row-mappers.ts';
import { WRITE, type SqliteDb } from './db.ts';
import { auditLog, callEvents, calls, orderNotes, orders } from './schema.ts';

type Tx = Parameters<Parameters<SqliteDb['transaction']>[0]>[0];

function audit(tx: Tx, e: Omit<AuditEntry, 'id'>) {
  return tx.insert(auditLog).values(e).returning({ id: auditLog.id }).get()!.id;
}

export function setCallStatus(db: SqliteDb, id: number, status: CallStatus, actor: string, at: Date): StatusChange<CallStatus> {
  return db.transaction((tx) => {
    const row = tx.select({ status: calls.status }).from(calls).where(eq(calls.id, id)).get();
    if (!row) return { kind: 'not_found' };
    const old = row.status as CallStatus;
    if (old === status) return { kind: 'unchanged', old, new: status };
    tx.update(calls).set({ status }).where(eq(calls.id, id)).run();
    const auditId = audit(tx, { entity: 'call', entityId: id, actor, field: 'status', oldValue: old, newValue: status, at });
    // Also on the call's timeline, so the story of the call reads in one place.
    tx.insert(callEvents)
      .values({ callId: id, key: `staff:${auditId}`, kind: 'staff', step: 'status', text: `${old} → ${status}`, detail: { actor, old, new: status }, at })
      .run();
    return { kind: 'changed', old, new: status };
  }, WRITE);
}

export function setOrderStatus(db: SqliteDb, id: number, status: OrderStatus, actor: string, at: Date): StatusChange<OrderStatus> {
  return db.transaction((tx) => {
    const row = tx.select({ status: orders.status }).from(orders).where(eq(orders.id, id)).get();
    if (!row) return { kind: 'not_found' };
    const old = row.status as OrderStatus;
    if (old === status) return { kind: 'unchanged', old, new: status };
    tx.update(orders).set({ status, updatedAt: at }).where(eq(orders.id, id)).run();
    audit(tx, { entity: 'order', entityId: id, actor, field: 'status', oldValue: old, newValue: status, at });
    return { kind: 'changed', old, new: status };
  }, WRITE);
}

export function addOrderNote(db: SqliteDb, orderId: number, body: string, actor: string, at: Date) {
  return db.transaction((tx) => {
    if (!tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).get()) return null;
    const note = tx.insert(orderNotes).values({ orderId, author: actor, body, at }).returning().get()!;
    audit(tx, { entity: 'order', entityId: orderId, actor, field: 'note', oldValue: null, newValue: body, at });
    return note;
  }, WRITE);
}

export function listAudit(db: SqliteDb, entity: AuditEntry['entity'], entityId: number): AuditEntry[] {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.at), asc(auditLog.id))
    .all()
    .map(toAudit);
}
