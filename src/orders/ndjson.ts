import { collectBatch, MAX_BATCH_LINES, type Batch } from './batch.ts';
import { checkOrderObject, type Checked, type OrderInput } from './input.ts';

/**
 * `POST /api/v1/orders/import`: one JSON order per line (https://github.com/ndjson/ndjson-spec),
 * blank lines ignored, every error with its line number. More than MAX_BATCH_LINES orders is
 * refused as a whole, before any line is looked at.
 */
export function parseNdjson(text: string): Batch {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const filled = lines.filter((l) => l.trim() !== '').length;
  if (filled === 0) return { rows: [], errors: [{ line: 0, reason: 'no orders: send one JSON object per line' }] };
  if (filled > MAX_BATCH_LINES) {
    return { rows: [], errors: [{ line: 0, reason: `${filled} orders in one import; at most ${MAX_BATCH_LINES} (split the file)` }] };
  }
  const checked: Array<{ line: number; checked: Checked<OrderInput> }> = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      checked.push({ line: i + 1, checked: { ok: false, reason: `not valid JSON (${(err as Error).message})` } });
      return;
    }
    checked.push({ line: i + 1, checked: checkOrderObject(value) });
  });
  return collectBatch(checked);
}
