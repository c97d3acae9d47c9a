import type { Recording, Transcript } from '../../domain/index.ts';

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
  /** Final result of a voice-message transcription (the worker's `transcribe` job); false if no row. */
  setTranscript(recordingId: number, result: TranscriptResult): Promise<boolean>;
}

export type TranscriptResult = { status: 'done'; text: string } | { status: 'failed'; error: string };
