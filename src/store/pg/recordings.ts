import { asc, eq } from 'drizzle-orm';
import type { RecordingStore } from '../ports/recordings.ts';
import type { PgDb } from './db.ts';
import { enqueueJobIn } from './jobs.ts';
import { toTranscript } from '../row-mappers.ts';
import { calls, recordings, transcripts } from './schema.ts';

export function createPgRecordingStore(db: PgDb): RecordingStore {
  return {
    async saveRecording(rec) {
      return db.transaction(async (tx) => {
        const [call] = await tx.select({ id: calls.id }).from(calls).where(eq(calls.callSid, rec.callSid));
        if (!call) return null;
        const [row] = await tx
          .insert(recordings)
          .values({ callId: call.id, recordingSid: rec.recordingSid, url: rec.url, status: rec.status, durationS: rec.durationS, at: rec.at })
          .onConflictDoUpdate({ target: recordings.recordingSid, set: { url: rec.url, status: rec.status, durationS: rec.durationS } })
          .returning();
        if (rec.status === 'completed') {
          await tx.insert(transcripts).values({ callId: call.id, recordingId: row!.id, status: 'pending', at: rec.at }).onConflictDoNothing();
          await enqueueJobIn(tx, { kind: 'transcribe', payload: { recordingId: row!.id, callId: call.id, callSid: rec.callSid }, dedupeKey: `transcribe:${rec.recordingSid}` }, rec.at);
        }
        return row!;
      });
    },
    async getRecording(id) {
      const [r] = await db.select().from(recordings).where(eq(recordings.id, id));
      return r ?? null;
    },
    async listRecordingsForCall(callId) {
      return db.select().from(recordings).where(eq(recordings.callId, callId)).orderBy(asc(recordings.id));
    },
    async listTranscriptsForCall(callId) {
      const rows = await db.select().from(transcripts).where(eq(transcripts.callId, callId)).orderBy(asc(transcripts.id));
      return rows.map(toTranscript);
    },
    async setTranscript(recordingId, result) {
      const set = result.status === 'done' ? { status: 'done', text: result.text, error: null } : { status: 'failed', error: result.error };
      const rows = await db.update(transcripts).set(set).where(eq(transcripts.recordingId, recordingId)).returning({ id: transcripts.id });
      return rows.length > 0;
    },
  };
}
