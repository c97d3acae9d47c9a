import type { Recording, Transcript } from '../types.ts';

export interface RecordingWrite {
  callSid: string;
  recordingSid: string;
  url: string;
  status: string;
  durationS: number | null;
  at: Date;
}

export interface RecordingStore {
  /**
   * Stores a recording status callback. A `completed` recording also gets a pending transcript and
   * a durable `transcribe` job, in the same transaction. Idempotent per RecordingSid.
   */
  saveRecording(rec: RecordingWrite): Promise<Recording | null>;
  getRecording(id: number): Promise<Recording | null>;
  listRecordingsForCall(callId: number): Promise<Recording[]>;
  listTranscriptsForCall(callId: number): Promise<Transcript[]>;
}
