import { and, asc, eq } from 'drizzle-orm';
import type { StatusChange } from '../../domain/index.ts';
import type { AuditEntry, CallStatus, OrderNote, OrderStatus } from '../../domain/index.ts';
import type { PgDb, PgExec } from './db.ts';
import { toAudit } from '../row-mappers.ts';
import { auditLog, callEvents, calls, orderNotes, orders } from './schema.ts';

async function audit(tx: PgExec, e: Omit<AuditEntry, 'id'>) {
  const [r] = await tx.insert(auditLog).values(e).returning({ id: auditLog.id });
  return r!.id;
}

// Each action locks its row (FOR UPDATE) so two staff members changing one status at once
// write two consistent audit entries (old → new, then new → newer), never two from the same old.

export function setCallStatus(db: PgDb, id: number, status: CallStatus, actor: string, at: Date): Promise<StatusChange<CallStatus>> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ status: calls.status }).from(calls).where(eq(calls.id, id)).for('update');
    if (!row) return { kind: 'not_found' };
    const old = row.status as CallStatus;
    if (old === status) return { kind: 'unchanged', old, new: status };
    await tx.update(calls).set({ status }).where(eq(calls.id, id));
    const auditId = await audit(tx, { entity: 'call', entityId: id, actor, field: 'status', oldValue: old, newValue: status, at });
    // Also on the call's timeline, so the story of the call reads in one place.
    await tx
      .insert(callEvents)
      .values({ callId: id, key: `staff:${auditId}`, kind: 'staff', step: 'status', text: `${old} → ${status}`, detail: { actor, old, new: status }, at });
    return { kind: 'changed', old, new: status };
  });
}

export function setOrderStatus(db: PgDb, id: number, status: OrderStatus, actor: string, at: Date): Promise<StatusChange<OrderStatus>> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, id)).for('update');
    if (!row) return { kind: 'not_found' };
    const old = row.status as OrderStatus;
    if (old === status) return { kind: 'unchanged', old, new: status };
    await tx.update(orders).set({ status, updatedAt: at }).where(eq(orders.id, id));
    await audit(tx, { entity: 'order', entityId: id, actor, field: 'status', oldValue: old, newValue: status, at });
    return { kind: 'changed', old, new: status };
  });
}

export function addOrderNote(db: PgDb, orderId: number, body: string, actor: string, at: Date): Promise<OrderNote | null> {
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId));
    if (!found) return null;
    const [note] = await tx.insert(orderNotes).values({ orderId, author: actor, body, at }).returning();
    await audit(tx, { entity: 'order', entityId: orderId, actor, field: 'note', oldValue: null, newValue: body, at });
    return note!;
  });
}

export async function listAudit(db: PgExec, entity: AuditEntry['entity'], entityId: number): Promise<AuditEntry[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
  return rows.map(toAudit);
}
