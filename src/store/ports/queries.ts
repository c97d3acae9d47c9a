import type {
  AuditEntry, Call, CallStatus, Lang, Order, OrderNote, OrderStatus,
} from '../types.ts';

/** `/calls` filters; every field optional and combinable. Dates are instants (already in UTC). */
export interface CallFilter {
  status?: CallStatus;
  lang?: Lang;
  /** Digits (and `+`) of the caller number, matched anywhere in it. */
  from?: string;
  startedFrom?: Date;
  /** Exclusive upper bound. */
  startedBefore?: Date;
}

export interface OrderFilter {
  status?: OrderStatus;
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
  calls: number;
  consentGiven: number;
  consentDeclined: number;
}

export interface DashboardStats {
  hourly: DayCount[];
  ordersByStatus: Array<{ status: OrderStatus; count: number }>;
  avgDurationS: number | null;
  topOrders: Array<{ id: number; number: string; status: OrderStatus; calls: number }>;
}

export type StatusChange<S> = { kind: 'changed' | 'unchanged'; old: S; new: S } | { kind: 'not_found' };

/** Read models and staff actions behind the staff pages and the JSON API. */
export interface QueryStore {
  listCalls(filter: CallFilter, page: PageRequest): Promise<Page<CallRow>>;
  listOrders(filter: OrderFilter, page: PageRequest): Promise<Page<OrderRow>>;
  /** Everything the dashboard shows, for calls started at or after `since`. */
  dashboardStats(since: Date): Promise<DashboardStats>;
  /** Calls still in progress that started after `since` (older ones are stale). */
  listLiveCalls(since: Date, limit: number): Promise<CallRow[]>;
  listCallsForOrder(orderId: number): Promise<Call[]>;
  listOrderNotes(orderId: number): Promise<OrderNote[]>;
  listAudit(entity: AuditEntry['entity'], entityId: number): Promise<AuditEntry[]>;
  /** Changes a status and writes the audit entry in one transaction. */
  setCallStatus(id: number, status: CallStatus, actor: string, at: Date): Promise<StatusChange<CallStatus>>;
  setOrderStatus(id: number, status: OrderStatus, actor: string, at: Date): Promise<StatusChange<OrderStatus>>;
  addOrderNote(orderId: number, body: string, actor: string, at: Date): Promise<OrderNote | null>;
}
