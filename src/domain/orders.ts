import type { OrderStatus } from './statuses.ts';

/**
 * Where an order came from. `call`: a caller typed a number nobody knew (UNKNOWN_ORDERS=create),
 * so it is unconfirmed until the shop's data (API or import) names it; `shop`: the shop's own
 * data; `staff`: created by hand on the orders page.
 */
export const ORDER_SOURCES = ['call', 'shop', 'staff'] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];

export function isOrderSource(v: unknown): v is OrderSource {
  return typeof v === 'string' && (ORDER_SOURCES as readonly string[]).includes(v);
}

/** What callers can type as an order number (the IVR's number question), so what the shop's orders must be. */
export const ORDER_NUMBER = { minDigits: 4, maxDigits: 12 } as const;

export interface Order {
  id: number;
  number: string;
  status: OrderStatus;
  source: OrderSource;
  /** The customer's numbers (E.164), from the shop. */
  phones: string[];
  /** The customer's name, from the shop. */
  name: string | null;
  /** The shop's own note about the order (staff notes are OrderNote). */
  note: string | null;
  /** The shop's `updatedAt` of the data last applied: an older update is not applied over it. */
  shopUpdatedAt: Date | null;
  createdAt: Date;
  /** The last change in Liza, by anyone. */
  updatedAt: Date;
}

export interface OrderNote {
  id: number;
  orderId: number;
  author: string | null;
  body: string;
  at: Date;
}

/** What changes are recorded for: calls, orders, staff accounts and API keys. */
/** `privacy`: exports, erasures and retention runs (entityId 0; newValue the counts as JSON, never the data). */
export type AuditEntity = 'call' | 'order' | 'staff_user' | 'api_key' | 'privacy';

/** One change made to a call, an order, a staff account or an API key, shown on its page. */
export interface AuditEntry {
  id: number;
  entity: AuditEntity;
  entityId: number;
  /** Who: see actors.ts (a username, `key:<name>`, `call:<CallSid>`, `cli:<user>`). */
  actor: string | null;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  at: Date;
}
