import { asc, eq } from 'drizzle-orm';
import type { RecordingStore } from '../ports/recordings.ts';
import { WRITE, type SqliteDb } from './db.ts';
import { enqueueJobSync } from './jobs.ts';
import { toRecording, toTranscript } from '../row-mappers.ts';
import { calls, recordings, transcripts } from './schema.ts';

export function createSqliteRecordingStore(db: SqliteDb): RecordingStore {
  return {
    async saveRecording(rec) {
      return db.transaction((tx) => {
        const call = tx.select({ id: calls.id }).from(calls).where(eq(calls.callSid, rec.callSid)).get();
        if (!call) return null;
        const row = tx
          .insert(recordings)
          .values({ callId: call.id, recordingSid: rec.recordingSid, url: rec.url, status: rec.status, durationS: rec.durationS, at: rec.at })
          .onConflictDoUpdate({
            target: recordings.recordingSid,
            set: { url: rec.url, status: rec.status, durationS: rec.durationS },
          })
          .returning()
          .get()!;
        if (rec.status === 'completed') {
          tx.insert(transcripts).values({ callId: call.id, recordingId: row.id, status: 'pending', at: rec.at }).onConflictDoNothing().run();
          enqueueJobSync(tx, { kind: 'transcribe', payload: { recordingId: row.id, callId: call.id, callSid: rec.callSid }, dedupeKey: `transcribe:${rec.recordingSid}` }, rec.at);
        }
        return toRecording(row);
      }, WRITE);
    },
    async getRecording(id) {
      const r = db.select().from(recordings).where(eq(recordings.id, id)).get();
      return r ? toRecording(r) : null;
    },
    async listRecordingsForCall(callId) {
      return db.select().from(recordings).where(eq(recordings.callId, callId)).orderBy(asc(recordings.id)).all().map(toRecording);
    },
    async listTranscriptsForCall(callId) {
      return db.select().from(transcripts).where(eq(transcripts.callId, callId)).orderBy(asc(transcripts.id)).all().map(toTranscript);
    },
    async setTranscript(recordingId, result) {
      const set = result.status === 'done' ? { status: 'done', text: result.text, error: null } : { status: 'failed', error: result.error };
      return db.update(transcripts).set(set).where(eq(transcripts.recordingId, recordingId)).run().changes > 0;
    },
  };
}
