import { asc, eq } from 'drizzle-orm';
import type { OrderStore } from '../ports/orders.ts';
import type { PgDb } from './db.ts';
import { toOrder } from '../row-mappers.ts';
import { orderCalls, orders } from './schema.ts';

export function createPgOrderStore(db: PgDb): OrderStore {
  return {
    async getOrder(id) {
      const [r] = await db.select().from(orders).where(eq(orders.id, id));
      return r ? toOrder(r) : null;
    },
    async getOrderByNumber(number) {
      const [r] = await db.select().from(orders).where(eq(orders.number, number));
      return r ? toOrder(r) : null;
    },
    async listOrdersForCall(callId) {
      const rows = await db
        .select({ o: orders })
        .from(orderCalls)
        .innerJoin(orders, eq(orders.id, orderCalls.orderId))
        .where(eq(orderCalls.callId, callId))
        .orderBy(asc(orderCalls.at), asc(orders.id));
      return rows.map((r) => toOrder(r.o));
    },
  };
}
