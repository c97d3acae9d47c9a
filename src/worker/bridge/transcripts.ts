// Liza's lines go to the store once the caller has heard them, cut where a barge-in cut them.
import { heardText } from './heard.ts';
import { record, type Leg } from './leg.ts';

/** Stores Liza's held lines the caller has now heard (all of them at the end), cut where a barge-in cut them. */
export function releaseTranscripts(leg: Leg, all = false): void {
  for (const [itemId, h] of leg.heldTranscripts) {
    const cut = leg.cutItems.get(itemId);
    const item = leg.playback.items.find((i) => i.id === itemId);
    if (!all && !cut && item && item.played < item.sent) continue;
    // Only a barge-in cuts a line: at a hang-up the caller was there for what had played, and
    // Twilio's last marks are not echoed, so the line is kept whole.
    const text = cut ? heardText(h.text, cut.played, cut.sent) : h.text;
    leg.heldTranscripts.delete(itemId);
    leg.cutItems.delete(itemId);
    if (text.trim()) {
      record(leg, leg.deps.store.addCallEvent(leg.callSid, { key: `ai:${itemId}:assistant`, kind: 'ai', step: 'assistant', text, detail: cut ? { cut: true } : undefined, at: h.at }));
    }
  }
}
