// The one erasure (issue 15 points 3 and 4): a caller's request, the /privacy page, `npm run gdpr`
// and the retention job all come here. Order matters for "nothing lost, nothing left": each call's
// recordings are deleted at Twilio first, then its personal columns are erased in one transaction
// with the audit entry. A crash in between leaves the call unerased, so the next run deletes again
// (404 counts as done) and erases it; it never marks as erased what still exists at Twilio.
import type { Call } from '../domain/index.ts';
import type { ErasureCounts, ErasureWrite, Store } from '../store/store.ts';
import type { RecordingDeleter } from './twilio-recordings.ts';

export interface EraseDeps {
  store: Store;
  deleteRecording: RecordingDeleter;
  clock?: () => Date;
}

export type EraseAudit = Omit<ErasureWrite, 'callIds' | 'at'>;

/** Adds `b`'s counts to `a`. */
export function addCounts(a: ErasureCounts, b: ErasureCounts): ErasureCounts {
  for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
  return a;
}

/** Deletes the calls' recordings at Twilio, then erases their personal data; returns the counts. */
export async function eraseCalls(deps: EraseDeps, calls: Call[], audit: EraseAudit): Promise<ErasureCounts> {
  const clock = deps.clock ?? (() => new Date());
  for (const call of calls) {
    for (const rec of await deps.store.listRecordingsForCall(call.id)) {
      if (rec.status !== 'deleted') await deps.deleteRecording(rec.recordingSid);
    }
  }
  return deps.store.eraseCalls({ ...audit, callIds: calls.map((c) => c.id), at: clock() });
}
