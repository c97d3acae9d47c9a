import type { AuditEntry } from '../../domain/index.ts';
import type { Db, Tables } from './context.ts';
import { run } from './tx.ts';

export type NewAudit = Omit<AuditEntry, 'id'>;

/** Audit rows in one statement, inside a transaction body (the change and its entries commit together). */
export function* insertAudit(t: Tables, tx: Db, entries: NewAudit[]) {
  // Chunks keep a large import under both databases' limits on bound parameters.
  for (let i = 0; i < entries.length; i += 1000) yield* run(tx.insert(t.auditLog).values(entries.slice(i, i + 1000)));
}
