// Liza's answer latency per turn: from the engine's `speech_stopped` to her first audio sent to
// Twilio (the engine's share is its delta's arrival, the bridge's the rest), and to Twilio's mark
// that it played. Pure.

export interface Turn {
  /** Milliseconds from speech_stopped to the first delta's arrival from the engine. */
  engineMs: number;
  /** From that arrival to its media frame being written to Twilio. */
  bridgeMs: number;
  /** From speech_stopped to Twilio's mark that the first audio played; null if never confirmed. */
  playedMs: number | null;
}

export function summarise(turns: readonly Turn[]): { turns: number; p50Ms: number | null; maxMs: number | null } {
  if (turns.length === 0) return { turns: 0, p50Ms: null, maxMs: null };
  const totals = turns.map((t) => t.engineMs + t.bridgeMs).sort((a, b) => a - b);
  // The lower median: a value that really occurred.
  const p50 = totals[Math.floor((totals.length - 1) / 2)]!;
  return { turns: turns.length, p50Ms: Math.round(p50), maxMs: Math.round(totals[totals.length - 1]!) };
}
