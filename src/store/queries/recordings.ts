import { and, eq, isNotNull, notInArray } from 'drizzle-orm';
import type { RecordingStore } from '../ports/recordings.ts';
import { newJobRow, toTranscript } from '../row-mappers.ts';
import type { Shared } from './context.ts';
import { run } from './tx.ts';

export function recordingQueries({ db, t, dialect, order }: Shared): RecordingStore {
  return {
    saveRecording: (rec) =>
      // The recording, its pending transcript and its transcription job together, or none of them.
      dialect.tx(function* (tx) {
        const [call] = yield* run(tx.select({ id: t.calls.id }).from(t.calls).where(eq(t.calls.callSid, rec.callSid)));
        if (!call) return null;
        const [row] = yield* run(
          tx
            .insert(t.recordings)
            .values({ callId: call.id, recordingSid: rec.recordingSid, url: rec.url, status: rec.status, durationS: rec.durationS, at: rec.at })
            .onConflictDoUpdate({ target: t.recordings.recordingSid, set: { url: rec.url, status: rec.status, durationS: rec.durationS } })
            .returning(),
        );
        if (rec.status === 'completed') {
          yield* run(tx.insert(t.transcripts).values({ callId: call.id, recordingId: row!.id, status: 'pending', at: rec.at }).onConflictDoNothing());
          const job = { kind: 'transcribe', payload: { recordingId: row!.id, callId: call.id, callSid: rec.callSid }, dedupeKey: `transcribe:${rec.recordingSid}` };
          yield* run(tx.insert(t.jobs).values(newJobRow(job, rec.at)).onConflictDoNothing());
        }
        return row!;
      }),
    async getRecording(id) {
      const [r] = await db.select().from(t.recordings).where(eq(t.recordings.id, id));
      return r ?? null;
    },
    listRecordingsForCall: (callId) => db.select().from(t.recordings).where(eq(t.recordings.callId, callId)).orderBy(...order.recordings),
    async listTranscriptsForCall(callId) {
      const rows = await db.select().from(t.transcripts).where(eq(t.transcripts.callId, callId)).orderBy(...order.transcripts);
      return rows.map(toTranscript);
    },
    async setTranscript(recordingId, result) {
      const set = result.status === 'done' ? { status: 'done', text: result.text, error: null } : { status: 'failed', error: result.error };
      // A transcription that finishes after its call was erased must not bring the text back.
      const erased = db.select({ id: t.calls.id }).from(t.calls).where(isNotNull(t.calls.erasedAt));
      const rows = await db
        .update(t.transcripts)
        .set(set)
        .where(and(eq(t.transcripts.recordingId, recordingId), notInArray(t.transcripts.callId, erased)))
        .returning({ id: t.transcripts.id });
      return rows.length > 0;
    },
  };
}
