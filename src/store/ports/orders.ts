import type { Order } from '../../domain/index.ts';

export interface OrderStore {
  getOrder(id: number): Promise<Order | null>;
  getOrderByNumber(number: string): Promise<Order | null>;
  /** Orders a call touched (usually one). */
  listOrdersForCall(callId: number): Promise<Order[]>;
}
