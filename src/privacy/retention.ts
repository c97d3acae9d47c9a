// Retention (issue 15 point 3): personal data of calls older than RETENTION_DAYS is erased, in
// batches, each batch its own transaction and audit entry, so a run killed midway has erased (and
// audited) exactly the batches it finished, and the next run carries on with the rest.
import type { ErasureCounts } from '../store/store.ts';
import { addCounts, eraseCalls, type EraseDeps } from './erase.ts';

export const RETENTION_ACTOR = 'retention';
const DAY_MS = 86_400_000;

export interface RetentionOptions {
  retentionDays: number;
  /** Calls per batch (one transaction and one audit entry each). */
  batchSize?: number;
  actor?: string;
  /** Called after each batch (the job uses it to notice a shutdown between batches). */
  onBatch?: (counts: ErasureCounts) => void;
}

export const retentionCutoff = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** Erases every call older than the cutoff that still has personal data; returns the summed counts. */
export async function runRetention(deps: EraseDeps, o: RetentionOptions): Promise<ErasureCounts> {
  const clock = deps.clock ?? (() => new Date());
  const cutoff = retentionCutoff(clock(), o.retentionDays);
  const size = o.batchSize ?? 200;
  const total: ErasureCounts = {};
  for (;;) {
    const calls = await deps.store.listCallsToErase(cutoff, size);
    if (calls.length === 0) break;
    const counts = await eraseCalls(deps, calls, { actor: o.actor ?? RETENTION_ACTOR, field: 'retention', masked: null });
    addCounts(total, counts);
    o.onBatch?.(counts);
    if (calls.length < size) break;
  }
  return total;
}

/** What a run would erase now, without erasing anything (`npm run gdpr -- purge --dry-run`). */
export async function previewRetention(deps: Pick<EraseDeps, 'store' | 'clock'>, retentionDays: number): Promise<Record<string, number>> {
  const cutoff = retentionCutoff((deps.clock ?? (() => new Date()))(), retentionDays);
  const calls = await deps.store.listCallsToErase(cutoff, 10_000_000);
  let recordings = 0;
  let transcripts = 0;
  for (const c of calls) {
    recordings += (await deps.store.listRecordingsForCall(c.id)).filter((r) => r.status !== 'deleted').length;
    transcripts += (await deps.store.listTranscriptsForCall(c.id)).filter((t) => t.text).length;
  }
  return { calls: calls.length, numbers: calls.filter((c) => c.fromFull).length, names: calls.filter((c) => c.callerName).length, recordings, transcripts };
}
