import type {
  AuditEntry, Call, CallFilter, LiveCall, CallRow, CallStatus, DashboardStats, OrderFilter, OrderNote, OrderRow, OrderStatus, Page,
  PageRequest, StatusChange,
} from '../../domain/index.ts';

/** Read models and staff actions behind the staff pages and the JSON API. */
export interface QueryStore {
  listCalls(filter: CallFilter, page: PageRequest): Promise<Page<CallRow>>;
  listOrders(filter: OrderFilter, page: PageRequest): Promise<Page<OrderRow>>;
  /** Everything the dashboard shows, for calls started at or after `since`. */
  dashboardStats(since: Date): Promise<DashboardStats>;
  /**
   * Callers on the line (the call has not ended: in the IVR, the AI leg or a staff transfer) that
   * started after `since` (older ones lost their status callback), each with where they are.
   */
  listLiveCalls(since: Date, limit: number): Promise<LiveCall[]>;
  listCallsForOrder(orderId: number): Promise<Call[]>;
  listOrderNotes(orderId: number): Promise<OrderNote[]>;
  listAudit(entity: AuditEntry['entity'], entityId: number): Promise<AuditEntry[]>;
  /** Changes a status and writes the audit entry in one transaction. */
  setCallStatus(id: number, status: CallStatus, actor: string, at: Date): Promise<StatusChange<CallStatus>>;
  setOrderStatus(id: number, status: OrderStatus, actor: string, at: Date): Promise<StatusChange<OrderStatus>>;
  addOrderNote(orderId: number, body: string, actor: string, at: Date): Promise<OrderNote | null>;
}
