import type { OrderStatus } from './statuses.ts';

export interface Order {
  id: number;
  number: string;
  status: OrderStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderNote {
  id: number;
  orderId: number;
  author: string | null;
  body: string;
  at: Date;
}

/** One change staff made to a call or an order, shown on its page. */
export interface AuditEntry {
  id: number;
  entity: 'call' | 'order';
  entityId: number;
  actor: string | null;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  at: Date;
}
