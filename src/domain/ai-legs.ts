// One AI conversation of a call (help option 2): how it ended, what it cost, how fast Liza answered.

/**
 * Why an AI leg ended. The first recorded reason stands; `/webhook/stream_end` continues the call
 * from it (aiLegContinuation). `staff_transfer` is written by the edge when staff pass the call on
 * from the call page: Twilio already has its new TwiML then.
 */
export const AI_END_REASONS = [
  'caller_star', 'transfer_to_staff', 'end_call', 'idle', 'hangup', 'staff_transfer',
  'engine_error', 'engine_unreachable', 'engine_dropped', 'engine_not_configured', 'twilio_error',
  // A second `start` on the stream's socket; Twilio stopped reading what we sent (issue 11).
  'twilio_protocol', 'twilio_slow',
  // Left open by a worker that died (kill -9, a crash); ended by the next worker to start.
  'worker_restart',
  'max_call_seconds', 'max_streams', 'shutdown', 'no_start',
] as const;
export type AiEndReason = (typeof AI_END_REASONS)[number];

/** How the call goes on after the leg, by its end reason. */
export type AiContinuation = 'dial_staff' | 'goodbye' | 'help_menu' | 'apology_menu' | 'nothing';

export function aiLegContinuation(reason: string | null): AiContinuation {
  switch (reason) {
    case 'transfer_to_staff':
      return 'dial_staff';
    case 'end_call':
      return 'goodbye';
    case 'caller_star':
    case 'idle':
      return 'help_menu';
    case 'staff_transfer':
      return 'nothing';
    default:
      // Any failure, and a leg with no reason yet: apology and the help menu, never dead air.
      return 'apology_menu';
  }
}

export interface AiUsage {
  inputTextTokens: number;
  inputAudioTokens: number;
  inputCachedTokens: number;
  outputTextTokens: number;
  outputAudioTokens: number;
}

export interface AiLatency {
  turns: number;
  p50Ms: number | null;
  maxMs: number | null;
}

export interface AiOutcome {
  orderNumbers: string[];
  wanted: string;
  followUp: boolean;
}

export interface AiLeg extends AiUsage {
  id: number;
  callId: number;
  streamSid: string;
  startedAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  turns: number;
  latencyP50Ms: number | null;
  latencyMaxMs: number | null;
  summary: string | null;
  outcome: AiOutcome | null;
  followUp: boolean | null;
}
