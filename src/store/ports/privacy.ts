import type { Call, Order } from '../../domain/index.ts';

/** What one erasure removed, per `table.column` of src/privacy/personal-data.ts, plus `calls` erased. Never the data. */
export type ErasureCounts = Record<string, number>;

export interface ErasureWrite {
  callIds: number[];
  at: Date;
  /** Who (actors.ts): a username, `cli:<user>`, `retention`. */
  actor: string;
  /** The audit entry's field: `erase` (a caller's request) or `retention`. */
  field: 'erase' | 'retention';
  /** The masked number the request was about (audit), null for retention. */
  masked: string | null;
  /** A caller's number to take out of the shop's orders (`orders.phones`); the orders themselves stay. */
  removePhone?: string;
}

export interface PrivacyStore {
  /** Calls whose stored full number is `e164` (only consenting callers' numbers are stored), oldest first. */
  listCallsByNumber(e164: string): Promise<Call[]>;
  /** Orders whose shop data lists `e164` among the customer's phones. */
  listOrdersByPhone(e164: string): Promise<Order[]>;
  /** Calls started before `before` whose personal data is not erased yet, oldest first. */
  listCallsToErase(before: Date, limit: number): Promise<Call[]>;
  /**
   * Erases the personal columns (personal-data.ts) of these calls, stamps calls.erased_at and writes
   * the audit entry with the counts, in one transaction. Recordings must already be deleted at
   * Twilio (privacy/erase.ts). Idempotent: a second run counts zeros.
   */
  eraseCalls(w: ErasureWrite): Promise<ErasureCounts>;
  /** An audit entry about personal data (an export, full numbers in a CSV): who, when, masked number, counts. */
  auditPrivacy(e: { actor: string; field: string; masked: string | null; counts: Record<string, number>; at: Date }): Promise<void>;
}
