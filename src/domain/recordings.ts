import type { TranscriptStatus } from './statuses.ts';

/** A voice message as Twilio reported it; the audio stays at Twilio (`url`). */
export interface Recording {
  id: number;
  callId: number;
  recordingSid: string;
  url: string;
  status: string;
  durationS: number | null;
  at: Date;
}

export interface Transcript {
  id: number;
  callId: number;
  recordingId: number | null;
  status: TranscriptStatus;
  text: string | null;
  error: string | null;
  at: Date;
}
