import { and, eq, lt } from 'drizzle-orm';
import type { LineError } from '../../orders/batch.ts';
import { fromJsonInputs, toJsonInput } from '../../orders/input.ts';
import { countResults, type UpsertCounts } from '../../orders/plan.ts';
import type { OrderImport, OrderStore } from '../ports/orders.ts';
import type { Shared, Tables } from './context.ts';
import type { ShopOrderQueries } from './shop-orders.ts';
import { run } from './tx.ts';

/** Errors kept for the preview page; a file with more is wrong throughout and the first ones say why. */
const ERRORS_KEPT = 1000;

const toImport = (r: Tables['orderImports']['$inferSelect']): OrderImport => ({
  id: r.id,
  createdBy: r.createdBy,
  filename: r.filename,
  status: r.status === 'applied' ? 'applied' : 'preview',
  rows: fromJsonInputs(r.rows),
  errors: r.errors as LineError[],
  result: (r.result as UpsertCounts | null) ?? null,
  createdAt: r.createdAt,
  appliedAt: r.appliedAt,
});

export function orderImportQueries({ db, t, dialect }: Shared, shop: ShopOrderQueries): Pick<OrderStore, 'saveOrderImport' | 'getOrderImport' | 'applyOrderImport'> {
  return {
    async saveOrderImport(imp, at, pruneBefore) {
      await db.delete(t.orderImports).where(and(eq(t.orderImports.status, 'preview'), lt(t.orderImports.createdAt, pruneBefore)));
      const [row] = await db
        .insert(t.orderImports)
        .values({ createdBy: imp.createdBy, filename: imp.filename, status: 'preview', rows: imp.rows.map(toJsonInput), errors: imp.errors.slice(0, ERRORS_KEPT), createdAt: at })
        .returning();
      return toImport(row!);
    },

    async getOrderImport(id) {
      const [row] = await db.select().from(t.orderImports).where(eq(t.orderImports.id, id));
      return row ? toImport(row) : null;
    },

    applyOrderImport: (id, actor, at) =>
      dialect.tx(function* (tx) {
        const [row] = yield* run(dialect.forUpdate(tx.select().from(t.orderImports).where(eq(t.orderImports.id, id))));
        if (!row) return null;
        // A second click (or a second tab) finds it applied and applies nothing twice.
        if (row.status === 'applied') return { kind: 'already' as const, import: toImport(row) };
        const outcomes = yield* shop.upsertBody(tx, fromJsonInputs(row.rows), actor, at);
        const [done] = yield* run(
          tx.update(t.orderImports).set({ status: 'applied', result: countResults(outcomes), appliedAt: at }).where(eq(t.orderImports.id, id)).returning(),
        );
        return { kind: 'applied' as const, import: toImport(done!) };
      }),
  };
}
