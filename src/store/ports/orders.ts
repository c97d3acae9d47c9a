import type { Order, OrderStatus } from '../../domain/index.ts';
import type { LineError } from '../../orders/batch.ts';
import type { OrderInput } from '../../orders/input.ts';
import type { UpsertCounts, UpsertResult } from '../../orders/plan.ts';

export interface UpsertOutcome {
  number: string;
  result: UpsertResult;
  /** As stored before; null when it did not exist. */
  previous: Order | null;
  /** As stored after (unchanged and stale: as it is); null only in a preview of a new order. */
  order: Order | null;
}

/** An order staff create by hand on the orders page. */
export interface NewStaffOrder {
  number: string;
  status: OrderStatus;
  phones: string[];
  name: string | null;
  note: string | null;
}

/** A CSV upload waiting between its preview and its apply (orders page). */
export interface OrderImport {
  id: number;
  createdBy: string;
  filename: string;
  status: 'preview' | 'applied';
  rows: OrderInput[];
  errors: LineError[];
  /** Counts once applied. */
  result: UpsertCounts | null;
  createdAt: Date;
  appliedAt: Date | null;
}

export interface OrderStore {
  getOrder(id: number): Promise<Order | null>;
  getOrderByNumber(number: string): Promise<Order | null>;
  /** Orders a call touched (usually one). */
  listOrdersForCall(callId: number): Promise<Order[]>;
  /**
   * The shop's data (API, NDJSON, CSV) applied in one transaction: each order created or updated
   * as orders/plan.ts decides, with its audit entries by `actor`. Idempotent: the same data again
   * writes nothing. Outcomes in the order of `inputs` (numbers must be distinct).
   */
  upsertOrders(inputs: OrderInput[], actor: string, at: Date): Promise<UpsertOutcome[]>;
  /** What upsertOrders would do now, writing nothing (the CSV preview). */
  previewOrders(inputs: OrderInput[]): Promise<UpsertOutcome[]>;
  /** Staff create an order by hand; `exists` (and nothing written) when the number is taken. */
  createOrder(o: NewStaffOrder, actor: string, at: Date): Promise<{ kind: 'created' | 'exists'; order: Order }>;
  /**
   * Removes an order, its notes and its links to calls. The calls stay, and each linked call's
   * timeline records the deletion and who did it. Null when there is no such order.
   */
  deleteOrder(number: string, actor: string, at: Date): Promise<{ order: Order; unlinkedCalls: number } | null>;
  /** Keeps a checked CSV upload for its apply; drops previews older than `pruneBefore` that were never applied. */
  saveOrderImport(imp: { createdBy: string; filename: string; rows: OrderInput[]; errors: LineError[] }, at: Date, pruneBefore: Date): Promise<OrderImport>;
  getOrderImport(id: number): Promise<OrderImport | null>;
  /** Applies a kept upload once (upsertOrders in the same transaction); `already` when it was applied before. */
  applyOrderImport(id: number, actor: string, at: Date): Promise<{ kind: 'applied' | 'already'; import: OrderImport } | null>;
}
