import type { AiLatency, AiLeg, AiOutcome, AiUsage, Lang } from '../../domain/index.ts';

export interface AiLegStore {
  /** Records a new AI leg of a call; false when the call is unknown (or the stream was recorded). */
  startAiLeg(leg: { callSid: string; streamSid: string; at: Date }): Promise<boolean>;
  /**
   * Ends a leg with a reason. The first write wins: a later one never overwrites a recorded
   * reason. Returns the reason that stands (null when there is no such leg).
   */
  endAiLeg(streamSid: string, reason: string, at: Date): Promise<string | null>;
  /** Ends the call's leg that is still open (staff passed the call on); null when none is open. */
  endOpenAiLegOfCall(callSid: string, reason: string, at: Date): Promise<string | null>;
  /**
   * Ends (first write wins, like endAiLeg) every leg still open that started before `startedBefore`:
   * legs a dead worker left open. Returns how many this call ended.
   */
  endOpenAiLegsStartedBefore(startedBefore: Date, reason: string, at: Date): Promise<number>;
  /** The call's most recent leg (what `/webhook/stream_end` decides from). */
  latestAiLeg(callSid: string): Promise<AiLeg | null>;
  listAiLegsForCall(callId: number): Promise<AiLeg[]>;
  /** Adds one `response.done` usage to the leg's totals. */
  addAiUsage(streamSid: string, usage: AiUsage): Promise<void>;
  setAiLatency(streamSid: string, latency: AiLatency): Promise<void>;
  setAiSummary(legId: number, summary: { text: string; outcome: AiOutcome }): Promise<boolean>;
  getAiLeg(id: number): Promise<AiLeg | null>;
  /** Token totals of legs started per UTC day in [from, to). */
  aiUsageByDay(from: Date, to: Date): Promise<Array<{ day: string } & AiUsage>>;
}

export interface AiAdmissionStore {
  /**
   * Admits a media stream to its call and records its start (the `ai:started` event and the leg's
   * row) in one step; the reason it may not run otherwise: the call is unknown or has ended, it is
   * not waiting for its AI leg, or another stream (on any worker) already took it.
   */
  admitAiLeg(leg: { callSid: string; streamSid: string; at: Date; lang: Lang }): Promise<string | null>;
}
