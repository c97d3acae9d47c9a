// The assistant's audio on its way to the caller, as a pure reducer. Twilio plays what we send
// at 8000 µ-law bytes per second and echoes each mark once the audio before it has played; those
// echoes, not clocks, say how much the caller heard.

/** µ-law at 8 kHz: one byte per sample, 8 bytes per millisecond. */
export const BYTES_PER_MS = 8;

export interface PlaybackItem {
  id: string;
  /** Bytes of this item sent to Twilio. */
  sent: number;
  /** Bytes Twilio confirmed played (by mark echo); never more than `sent`. */
  played: number;
}

/**
 * A mark sent and not yet echoed. Its name is not kept: it is markName's, rebuilt when needed
 * (a mark lives until Twilio has played its audio, long enough for V8 to promote what it holds,
 * and the name was most of it).
 */
export interface PendingMark {
  itemId: string;
  /** The state's `seq` when the mark went out (unique: it never goes back). */
  seq: number;
  /** `sent` of its item when the mark went out. */
  upTo: number;
}

/**
 * A pending mark's name as sent to Twilio: its item, the generation, its sequence number. Every
 * pending mark is of the state's generation: a barge-in that bumps it clears them all.
 */
export const markName = (s: PlaybackState, m: PendingMark): string => `${m.itemId}:${s.gen}:${m.seq}`;

/** The pending mark of this name (by its sequence number, then the whole name), or -1. */
function markIndex(s: PlaybackState, name: string): number {
  const seq = Number(name.slice(name.lastIndexOf(':') + 1));
  const marks = s.marks;
  for (let i = 0; i < marks.length; i++) if (marks[i]!.seq === seq) return markName(s, marks[i]!) === name ? i : -1;
  return -1;
}

export interface PlaybackState {
  /** Bumped by every barge-in, so marks from before it can never match again. */
  gen: number;
  seq: number;
  activeResponse: string | null;
  /** Responses we cancelled: their late deltas are dropped. The last few are enough. */
  cancelled: readonly string[];
  /**
   * Assistant items whose audio Twilio may still be playing, oldest first. Usually one, but the
   * model talks faster than real time: a second answer (say, after a tool call) can arrive while
   * the first is still queued at Twilio.
   */
  items: readonly PlaybackItem[];
  marks: readonly PendingMark[];
}

/** Base64 µ-law, as a string or as its ASCII bytes (the engine's message read without a string). */
export type AudioText = string | Uint8Array;

export type PlaybackInput =
  | { type: 'response_started'; responseId: string }
  | { type: 'response_done'; responseId: string }
  | { type: 'audio_delta'; responseId: string; itemId: string; payload: AudioText; bytes: number }
  | { type: 'mark'; name: string }
  | { type: 'speech_started' };

export type PlaybackEffect =
  | { type: 'twilio_media'; payload: AudioText }
  | { type: 'twilio_mark'; name: string }
  | { type: 'twilio_clear' }
  | { type: 'engine_truncate'; itemId: string; audioEndMs: number }
  | { type: 'engine_cancel'; responseId: string };

export interface PlaybackStep {
  state: PlaybackState;
  effects: PlaybackEffect[];
}

export const initialPlayback: PlaybackState = { gen: 0, seq: 0, activeResponse: null, cancelled: [], items: [], marks: [] };

const NONE: PlaybackEffect[] = [];

export function playbackStep(s: PlaybackState, input: PlaybackInput): PlaybackStep {
  switch (input.type) {
    case 'response_started':
      return { state: { ...s, activeResponse: input.responseId }, effects: NONE };
    case 'response_done':
      return { state: s.activeResponse === input.responseId ? { ...s, activeResponse: null } : s, effects: NONE };
    case 'audio_delta': {
      if (s.cancelled.includes(input.responseId) || input.bytes <= 0) return { state: s, effects: NONE };
      const last = s.items[s.items.length - 1];
      // Fully played items are forgotten once a newer one starts.
      let items: PlaybackItem[];
      if (last && last.id === input.itemId) {
        // One copy per delta (this runs 10 times a second per call), not a slice and a spread.
        items = s.items.slice();
        items[items.length - 1] = { id: last.id, sent: last.sent + input.bytes, played: last.played };
      } else items = [...s.items.filter((i) => i.played < i.sent), { id: input.itemId, sent: input.bytes, played: 0 }];
      const seq = s.seq + 1;
      const mark: PendingMark = { itemId: input.itemId, seq, upTo: items[items.length - 1]!.sent };
      return {
        state: { ...s, seq, items, marks: [...s.marks, mark] },
        effects: [{ type: 'twilio_media', payload: input.payload }, { type: 'twilio_mark', name: markName(s, mark) }],
      };
    }
    case 'mark': {
      const i = markIndex(s, input.name);
      // Unknown: an echo of a mark dropped by an earlier barge-in (Twilio echoes those on clear).
      if (i < 0) return { state: s, effects: NONE };
      // Twilio plays in order: this echo also stands for every mark before it, so each item has
      // heard up to its last mark at or before i. A backwards scan, not a Map per echo: an item or
      // two, a mark or two, and this runs 10 times a second per call.
      const marks = s.marks;
      const items = s.items.map((it) => {
        for (let j = i; j >= 0; j--) if (marks[j]!.itemId === it.id) return { ...it, played: Math.min(marks[j]!.upTo, it.sent) };
        return it;
      });
      return { state: { ...s, items, marks: s.marks.slice(i + 1) }, effects: NONE };
    }
    case 'speech_started': {
      const effects: PlaybackEffect[] = [];
      const audible = s.items.filter((it) => it.played < it.sent);
      if (audible.length > 0) effects.push({ type: 'twilio_clear' });
      for (const it of audible) effects.push({ type: 'engine_truncate', itemId: it.id, audioEndMs: Math.floor(it.played / BYTES_PER_MS) });
      let cancelled = s.cancelled;
      // Only while a response is active: cancelling none is an error on OpenAI's side.
      if (s.activeResponse) {
        effects.push({ type: 'engine_cancel', responseId: s.activeResponse });
        cancelled = [...s.cancelled.slice(-7), s.activeResponse];
      }
      if (effects.length === 0) return { state: s, effects: NONE };
      return { state: { ...s, gen: s.gen + 1, activeResponse: null, cancelled, items: [], marks: [] }, effects };
    }
  }
}
