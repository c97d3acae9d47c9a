import { asc, eq } from 'drizzle-orm';
import type { OrderStore } from '../ports/orders.ts';
import type { SqliteDb } from './db.ts';
import { toOrder } from '../row-mappers.ts';
import { orderCalls, orders } from './schema.ts';

export function createSqliteOrderStore(db: SqliteDb): OrderStore {
  return {
    async getOrder(id) {
      const r = db.select().from(orders).where(eq(orders.id, id)).get();
      return r ? toOrder(r) : null;
    },
    async getOrderByNumber(number) {
      const r = db.select().from(orders).where(eq(orders.number, number)).get();
      return r ? toOrder(r) : null;
    },
    async listOrdersForCall(callId) {
      return db
        .select({ o: orders })
        .from(orderCalls)
        .innerJoin(orders, eq(orders.id, orderCalls.orderId))
        .where(eq(orderCalls.callId, callId))
        .orderBy(asc(orderCalls.at), asc(orders.id))
        .all()
        .map((r) => toOrder(r.o));
    },
  };
}
