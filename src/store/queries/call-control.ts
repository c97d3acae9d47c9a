// Outbound calls (callbacks) and staff's live call control: each change with its audit entry and
// its timeline event in one transaction.
import { and, count, eq, gte, isNull } from 'drizzle-orm';
import type { CallControlStore } from '../ports/call-control.ts';
import { pendingSid } from '../ports/call-control.ts';
import { toCall } from '../row-mappers.ts';
import type { Db, Shared } from './context.ts';
import { run } from './tx.ts';

const HOUR_MS = 3600_000;

export function callControlQueries({ db, t, dialect }: Shared): CallControlStore {
  function* entry(tx: Db, callId: number, action: string, actor: string, at: Date, text: string | null, detail: Record<string, unknown>) {
    const [a] = yield* run(tx.insert(t.auditLog).values({ entity: 'call', entityId: callId, actor, field: action, oldValue: null, newValue: text, at }).returning({ id: t.auditLog.id }));
    yield* run(tx.insert(t.callEvents).values({ callId, key: `control:${a!.id}`, kind: 'control', step: action, text, detail: { actor, ...detail }, at }));
  }

  /** The call is a callback still holding its placeholder CallSid (Twilio's not known yet). */
  function* stillPending(tx: Db, callId: number) {
    const [row] = yield* run(tx.select({ sid: t.calls.callSid, key: t.calls.callbackKey }).from(t.calls).where(eq(t.calls.id, callId)));
    return !!row?.key && row.sid === pendingSid(row.key);
  }

  return {
    reserveCallback: (c) =>
      dialect.tx(function* (tx) {
        const [dup] = yield* run(tx.select().from(t.calls).where(eq(t.calls.callbackKey, c.key)));
        if (dup) return { kind: 'duplicate', call: toCall(dup) };
        // Counted inside the write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: the staff
        // user's row locked), so two tabs of one user cannot both take the last free slot.
        yield* run(dialect.forUpdate(tx.select({ id: t.staffUsers.id }).from(t.staffUsers).where(eq(t.staffUsers.username, c.placedBy))));
        const since = new Date(c.at.getTime() - HOUR_MS);
        const [placed] = yield* run(tx.select({ n: count() }).from(t.calls).where(and(eq(t.calls.placedBy, c.placedBy), gte(t.calls.startedAt, since))));
        if ((placed?.n ?? 0) >= c.limitPerHour) return { kind: 'limited', placed: placed!.n };
        const [row] = yield* run(
          tx
            .insert(t.calls)
            .values({
              callSid: pendingSid(c.key), fromMasked: c.toMasked, fromFull: c.toFull, toNumber: c.fromNumber, callerName: null,
              language: c.language, status: 'in_progress', startedAt: c.at, direction: 'outbound', placedBy: c.placedBy, callbackKey: c.key,
            })
            .onConflictDoNothing()
            .returning(),
        );
        if (!row) {
          // A concurrent click with the same key won the insert.
          const [other] = yield* run(tx.select().from(t.calls).where(eq(t.calls.callbackKey, c.key)));
          return { kind: 'duplicate', call: toCall(other!) };
        }
        if (c.orderId !== null) yield* run(tx.insert(t.orderCalls).values({ orderId: c.orderId, callId: row.id, at: c.at }).onConflictDoNothing());
        return { kind: 'reserved', call: toCall(row) };
      }),

    confirmCallback: (callId, callSid, e) =>
      dialect.tx(function* (tx) {
        const [row] = yield* run(tx.update(t.calls).set({ callSid }).where(eq(t.calls.id, callId)).returning());
        if (!row) return null;
        yield* entry(tx, callId, 'callback_placed', e.actor, e.at, e.text ?? null, e.detail ?? {});
        return toCall(row);
      }),

    adoptCallbackSid: (callId, callSid) =>
      dialect.tx(function* (tx) {
        if (!(yield* stillPending(tx, callId))) return false;
        yield* run(tx.update(t.calls).set({ callSid }).where(eq(t.calls.id, callId)));
        return true;
      }),

    async abandonCallback(callId) {
      // Only a row still waiting for its CallSid: a placed call is never deleted.
      await dialect.tx(function* (tx) {
        if (!(yield* stillPending(tx, callId))) return;
        yield* run(tx.delete(t.orderCalls).where(eq(t.orderCalls.callId, callId)));
        yield* run(tx.delete(t.calls).where(eq(t.calls.id, callId)));
      });
    },

    async setAnsweredBy(callId, answeredBy) {
      const [row] = await db.update(t.calls).set({ answeredBy }).where(and(eq(t.calls.id, callId), isNull(t.calls.answeredBy))).returning();
      if (row) return toCall(row);
      const [r] = await db.select().from(t.calls).where(eq(t.calls.id, callId));
      return r ? toCall(r) : null;
    },

    recordCallControl: (e) =>
      dialect.tx(function* (tx) {
        yield* entry(tx, e.callId, e.action, e.actor, e.at, e.text ?? null, e.detail ?? {});
      }),
  };
}
