// What the staff pages list and chart: the filters they offer, a page of rows, the dashboard's
// numbers. The edge parses these from query strings, the store answers them, the views draw them.
import type { Call, CallDirection } from './calls.ts';
import type { Lang } from './lang.ts';
import type { Order, OrderSource } from './orders.ts';
import type { CallStatus, OrderStatus } from './statuses.ts';

/** `/calls` filters; every field optional and combinable. Dates are instants (already in UTC). */
export interface CallFilter {
  status?: CallStatus;
  lang?: Lang;
  direction?: CallDirection;
  /**
   * Digits (and `+`) of the caller number, matched anywhere in it; a national form also finds
   * the international one (`0151…` → `+49151…`, see telephony/number-variants.ts).
   */
  from?: string;
  startedFrom?: Date;
  /** Exclusive upper bound. */
  startedBefore?: Date;
  /** Only calls whose AI conversation summary says someone should follow up. */
  followUp?: boolean;
}

export interface OrderFilter {
  status?: OrderStatus;
  /** Where the order came from (`call`: noted by a caller, not yet confirmed by the shop). */
  source?: OrderSource;
  /** Part of the order number. */
  number?: string;
  createdFrom?: Date;
  createdBefore?: Date;
}

export interface PageRequest {
  /** 0-based offset, bounded by the caller (bounded-offset pagination). */
  offset: number;
  limit: number;
  /** Counting stops here, so a count over a million rows stays cheap. */
  countCap: number;
}

export interface Page<T> {
  rows: T[];
  /** Exact when `capped` is false, else "at least this many". */
  total: number;
  capped: boolean;
}

export interface CallRow extends Call {
  orderNumber: string | null;
  orderId: number | null;
  consentGiven: boolean | null;
}

export interface OrderRow extends Order {
  callCount: number;
}

export interface DayCount {
  /** Hour bucket start (UTC ms); the caller folds hours into days of its own time zone. */
  hourStart: number;
  /** Inbound calls (callers who rang); callbacks staff placed are counted in `outbound`. */
  calls: number;
  outbound: number;
  consentGiven: number;
  consentDeclined: number;
}

export interface DashboardStats {
  hourly: DayCount[];
  ordersByStatus: Array<{ status: OrderStatus; count: number }>;
  avgDurationS: number | null;
  topOrders: Array<{ id: number; number: string; status: OrderStatus; calls: number }>;
  /**
   * Numbers callers asked about that were not found (UNKNOWN_ORDERS=reject), most asked first;
   * `orderId` once an order of that number exists (the shop sent it later).
   */
  missedOrders: Array<{ number: string; calls: number; lastAt: Date; orderId: number | null }>;
  /** Orders callers noted (UNKNOWN_ORDERS=create) that the shop's data has not confirmed yet. */
  unconfirmedOrders: number;
}

/** The outcome of a staff member setting a status. */
export type StatusChange<S> = { kind: 'changed' | 'unchanged'; old: S; new: S } | { kind: 'not_found' };
