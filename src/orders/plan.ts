// What applying one order from the shop does to what is stored, decided in one pure function so
// that the API, both imports, the CSV preview and the store agree on it.
import type { Order } from '../domain/index.ts';
import type { OrderInput } from './input.ts';

/**
 * created · updated (something a person would see changed) · unchanged (same data again: an
 * idempotent replay) · stale (its `updatedAt` is older than the data applied last: not applied).
 */
export type UpsertResult = 'created' | 'updated' | 'unchanged' | 'stale';

/** The shop-owned columns of an order row. */
export type ShopValues = Pick<Order, 'status' | 'source' | 'phones' | 'name' | 'note' | 'shopUpdatedAt'>;

/** An audit entry the change leaves (who and when are added by the store). */
export interface PlannedAudit {
  field: 'created' | 'status' | 'source' | 'details';
  oldValue: string | null;
  newValue: string | null;
}

export interface UpsertPlan {
  result: UpsertResult;
  /** The row as it is to be written; null: nothing to write. */
  write: ShopValues | null;
  audits: PlannedAudit[];
}

const samePhones = (a: string[], b: string[]) => a.length === b.length && a.every((p, i) => p === b[i]);

export function planUpsert(existing: Order | null, input: OrderInput): UpsertPlan {
  if (existing?.shopUpdatedAt && input.updatedAt && input.updatedAt < existing.shopUpdatedAt) return { result: 'stale', write: null, audits: [] };
  const values: ShopValues = {
    status: input.status,
    source: 'shop',
    phones: input.phones ?? existing?.phones ?? [],
    name: input.name !== undefined ? input.name : (existing?.name ?? null),
    note: input.note !== undefined ? input.note : (existing?.note ?? null),
    shopUpdatedAt: input.updatedAt ?? existing?.shopUpdatedAt ?? null,
  };
  if (!existing) return { result: 'created', write: values, audits: [{ field: 'created', oldValue: null, newValue: 'shop' }] };
  const audits: PlannedAudit[] = [];
  if (existing.status !== values.status) audits.push({ field: 'status', oldValue: existing.status, newValue: values.status });
  // An order a caller noted is confirmed by the shop's data from now on (its history says so).
  if (existing.source !== values.source) audits.push({ field: 'source', oldValue: existing.source, newValue: values.source });
  // Which details changed, not their values: names and numbers are personal data, the audit log is not their place.
  const details = [
    !samePhones(existing.phones, values.phones) && 'phones',
    existing.name !== values.name && 'name',
    existing.note !== values.note && 'note',
  ].filter((d): d is string => !!d);
  if (details.length) audits.push({ field: 'details', oldValue: null, newValue: details.join(', ') });
  if (audits.length) return { result: 'updated', write: values, audits };
  // The same data with a newer time: nothing anyone would see, but later updates compare against it.
  const newerTime = (values.shopUpdatedAt?.getTime() ?? null) !== (existing.shopUpdatedAt?.getTime() ?? null);
  return { result: 'unchanged', write: newerTime ? values : null, audits: [] };
}

/** How many orders of an import ended each way. */
export type UpsertCounts = Record<UpsertResult, number>;

export function countResults(results: Array<{ result: UpsertResult }>): UpsertCounts {
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, stale: 0 };
  for (const r of results) counts[r.result]++;
  return counts;
}
