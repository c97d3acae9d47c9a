import { eq } from 'drizzle-orm';
import type { OrderStore } from '../ports/orders.ts';
import { toOrder } from '../row-mappers.ts';
import type { Shared } from './context.ts';

export function orderQueries({ db, t, order }: Shared): Pick<OrderStore, 'getOrder' | 'getOrderByNumber' | 'listOrdersForCall'> {
  return {
    async getOrder(id) {
      const [r] = await db.select().from(t.orders).where(eq(t.orders.id, id));
      return r ? toOrder(r) : null;
    },
    async getOrderByNumber(number) {
      const [r] = await db.select().from(t.orders).where(eq(t.orders.number, number));
      return r ? toOrder(r) : null;
    },
    async listOrdersForCall(callId) {
      const rows = await db
        .select({ o: t.orders })
        .from(t.orderCalls)
        .innerJoin(t.orders, eq(t.orders.id, t.orderCalls.orderId))
        .where(eq(t.orderCalls.callId, callId))
        .orderBy(...order.linksOldestFirst);
      return rows.map((r) => toOrder(r.o));
    },
  };
}
