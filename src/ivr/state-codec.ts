import { isLang } from '../domain/index.ts';
import type { IvrState, NodeId } from './types.ts';

/** Extra query words for actions that return to a node after a verb other than Gather. */
export type After = 'recorded' | 'dial';

/**
 * The IVR state as the query string of the next action URL. Twilio signs the whole URL, so
 * a forged state fails the signature check; there is no process memory between turns.
 */
export function formatStateQuery(s: IvrState, after?: After): string {
  const q = new URLSearchParams({ lang: s.lang, n: String(s.seq), m: String(s.misses) });
  if (s.order) q.set('o', s.order);
  if (after) q.set('after', after);
  return q.toString();
}

const int = (v: string | null, max: number): number | null => {
  if (v === null || !/^\d{1,6}$/.test(v)) return null;
  const n = Number(v);
  return n <= max ? n : null;
};

/** The state of a node's webhook from its query; null when anything is missing or malformed. */
export function parseStateQuery(node: NodeId, query: URLSearchParams): (IvrState & { after: After | null }) | null {
  const lang = query.get('lang');
  const seq = int(query.get('n'), 100_000);
  const misses = int(query.get('m'), 100);
  const order = query.get('o');
  const after = query.get('after');
  if (!isLang(lang) || seq === null || misses === null) return null;
  if (order !== null && !/^\d{1,32}$/.test(order)) return null;
  if (after !== null && after !== 'recorded' && after !== 'dial') return null;
  return { node, lang, seq, misses, order, after };
}
