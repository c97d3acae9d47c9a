// What the caller really heard of an assistant item cut short by a barge-in. Pure.
//
// How it is cut: the transcript's share of characters equals the share of the item's audio that
// Twilio confirmed played (its marks), rounded down to a whole word. Speech rate is even enough
// over one or two sentences for this to be within a word or two of the truth.

export function heardText(text: string, playedBytes: number, sentBytes: number): string {
  if (sentBytes <= 0 || playedBytes >= sentBytes) return text;
  const share = Math.max(0, playedBytes) / sentBytes;
  const cut = Math.floor(text.length * share);
  if (cut <= 0) return '';
  // Back to the end of the last whole word before the cut (or the cut itself inside a long word).
  const space = text.lastIndexOf(' ', cut);
  const end = text[cut] === ' ' || cut >= text.length ? cut : space > 0 ? space : cut;
  return `${text.slice(0, end).trimEnd()} …`;
}
