// Twilio Media Streams wire messages, as Liza uses them. Field names are Twilio's own.
// https://www.twilio.com/docs/voice/media-streams/websocket-messages

export interface MediaFormat {
  encoding: string;
  sampleRate: number;
  channels: number;
}

export type TwilioInbound =
  | { type: 'connected'; protocol: string; version: string }
  | {
      type: 'start';
      sequenceNumber: number | null;
      streamSid: string;
      callSid: string;
      accountSid: string;
      tracks: string[];
      customParameters: Record<string, string>;
      mediaFormat: MediaFormat | null;
    }
  /** `payload` is base64 µ-law, kept as an opaque string: it is forwarded, never decoded here. */
  | { type: 'media'; streamSid: string; track: string; chunk: number | null; timestamp: number | null; payload: string }
  | { type: 'dtmf'; streamSid: string; track: string; digit: string }
  /** Twilio echoes a mark when the audio queued before it has played, or when `clear` dropped it. */
  | { type: 'mark'; streamSid: string; name: string }
  | { type: 'stop'; streamSid: string; callSid: string; accountSid: string }
  /** Anything else, including malformed JSON; `reason` says why (never a throw). */
  | { type: 'unknown'; event: string | null; reason: string };
