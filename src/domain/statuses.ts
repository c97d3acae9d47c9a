// The states calls, orders, transcripts and jobs move through. Lists are `as const` so that
// pages and the JSON API can offer exactly these values and guards can check input against them.

export const CALL_STATUSES = ['in_progress', 'processed', 'completed', 'problem'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const ORDER_STATUSES = ['received', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type TranscriptStatus = 'pending' | 'done' | 'failed';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export function isCallStatus(v: unknown): v is CallStatus {
  return typeof v === 'string' && (CALL_STATUSES as readonly string[]).includes(v);
}
export function isOrderStatus(v: unknown): v is OrderStatus {
  return typeof v === 'string' && (ORDER_STATUSES as readonly string[]).includes(v);
}
