// Orders as the shop sends them (API, NDJSON, CSV), as staff create them by hand, and their
// deletion: each change and its audit entries in one transaction, on both databases.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Order } from '../../domain/index.ts';
import type { OrderInput } from '../../orders/input.ts';
import { planUpsert } from '../../orders/plan.ts';
import type { OrderStore, UpsertOutcome } from '../ports/orders.ts';
import { toOrder } from '../row-mappers.ts';
import { insertAudit, type NewAudit } from './audit.ts';
import type { Db, Shared } from './context.ts';
import { run, type Statement } from './tx.ts';

/** Rows per statement: far below SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 500;
const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export type ShopOrderQueries = Pick<OrderStore, 'upsertOrders' | 'previewOrders' | 'createOrder' | 'deleteOrder'> & {
  /** The body of upsertOrders, for other transactions that apply orders too (order-imports.ts). */
  upsertBody(tx: Db, inputs: OrderInput[], actor: string, at: Date): Generator<Statement, UpsertOutcome[], unknown>;
};

export function shopOrderQueries({ db, t, dialect }: Shared): ShopOrderQueries {
  const excluded = (column: string) => sql.raw(`excluded.${column}`);

  function* upsertBody(tx: Db, inputs: OrderInput[], actor: string, at: Date): Generator<Statement, UpsertOutcome[], unknown> {
    const before = new Map<string, Order>();
    // Locked until the end (PostgreSQL; SQLite's write transaction holds its one lock anyway), so
    // two imports of the same order apply one after the other, each against the other's result.
    for (const part of chunks(inputs.map((i) => i.number))) {
      const rows = yield* run(dialect.forUpdate(tx.select().from(t.orders).where(inArray(t.orders.number, part))));
      for (const r of rows) before.set(r.number, toOrder(r));
    }
    const plans = inputs.map((input) => {
      const previous = before.get(input.number) ?? null;
      return { input, previous, plan: planUpsert(previous, input) };
    });
    const after = new Map<string, Order>();
    const writes = plans.filter((p) => p.plan.write);
    for (const part of chunks(writes)) {
      const rows = yield* run(
        tx
          .insert(t.orders)
          .values(part.map(({ input, previous, plan }) => ({
            number: input.number,
            ...plan.write!,
            createdAt: previous?.createdAt ?? at,
            // Liza's own "last change" moves only when something visible changed.
            updatedAt: plan.audits.length ? at : (previous?.updatedAt ?? at),
          })))
          // A number a caller created meanwhile (after our select) is updated, not a unique violation.
          .onConflictDoUpdate({
            target: t.orders.number,
            set: {
              status: excluded('status'), source: excluded('source'), phones: excluded('phones'), name: excluded('name'),
              note: excluded('note'), shopUpdatedAt: excluded('shop_updated_at'), updatedAt: excluded('updated_at'),
            },
          })
          .returning(),
      );
      for (const r of rows) after.set(r.number, toOrder(r));
    }
    const audits: NewAudit[] = [];
    for (const { input, plan } of plans) {
      const id = after.get(input.number)?.id ?? before.get(input.number)!.id;
      for (const a of plan.audits) audits.push({ entity: 'order', entityId: id, actor, ...a, at });
    }
    yield* insertAudit(t, tx, audits);
    return plans.map(({ input, previous, plan }) => ({
      number: input.number,
      result: plan.result,
      previous,
      order: after.get(input.number) ?? previous,
    }));
  }

  return {
    upsertBody,

    upsertOrders: (inputs, actor, at) => dialect.tx((tx) => upsertBody(tx, inputs, actor, at)),

    async previewOrders(inputs) {
      const before = new Map<string, Order>();
      for (const part of chunks(inputs.map((i) => i.number))) {
        for (const r of await db.select().from(t.orders).where(inArray(t.orders.number, part))) before.set(r.number, toOrder(r));
      }
      return inputs.map((input) => {
        const previous = before.get(input.number) ?? null;
        return { number: input.number, result: planUpsert(previous, input).result, previous, order: previous };
      });
    },

    createOrder: (o, actor, at) =>
      dialect.tx(function* (tx) {
        const [row] = yield* run(
          tx
            .insert(t.orders)
            .values({ number: o.number, status: o.status, source: 'staff', phones: o.phones, name: o.name, note: o.note, createdAt: at, updatedAt: at })
            .onConflictDoNothing()
            .returning(),
        );
        if (!row) {
          const [existing] = yield* run(tx.select().from(t.orders).where(eq(t.orders.number, o.number)));
          return { kind: 'exists' as const, order: toOrder(existing!) };
        }
        yield* insertAudit(t, tx, [{ entity: 'order', entityId: row.id, actor, field: 'created', oldValue: null, newValue: 'staff', at }]);
        return { kind: 'created' as const, order: toOrder(row) };
      }),

    deleteOrder: (number, actor, at) =>
      dialect.tx(function* (tx) {
        const [row] = yield* run(dialect.forUpdate(tx.select().from(t.orders).where(eq(t.orders.number, number))));
        if (!row) return null;
        const links = yield* run(tx.select({ callId: t.orderCalls.callId }).from(t.orderCalls).where(eq(t.orderCalls.orderId, row.id)));
        // The calls keep their story: which number they asked about, and that it was deleted, by whom.
        if (links.length) {
          yield* run(
            tx
              .insert(t.callEvents)
              .values(links.map((l) => ({ callId: l.callId, key: `order_deleted:${row.id}`, kind: 'staff', step: 'order_deleted', text: number, detail: { actor, number }, at })))
              .onConflictDoNothing(),
          );
        }
        // Its notes and links go with it (ON DELETE CASCADE); the audit log keeps the deletion.
        yield* run(tx.delete(t.orders).where(eq(t.orders.id, row.id)));
        yield* insertAudit(t, tx, [{ entity: 'order', entityId: row.id, actor, field: 'deleted', oldValue: number, newValue: null, at }]);
        return { order: toOrder(row), unlinkedCalls: links.length };
      }),
  };
}
