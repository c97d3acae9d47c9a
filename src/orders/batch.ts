import type { Checked, OrderInput } from './input.ts';

/** A line that could not be taken, by its line in the file (1-based; 0: the file as a whole). */
export interface LineError {
  line: number;
  reason: string;
}

export interface Batch {
  rows: Array<{ line: number; input: OrderInput }>;
  errors: LineError[];
}

/** Lines one NDJSON import may hold (and one CSV upload on the page); the command line has no limit. */
export const MAX_BATCH_LINES = 10_000;

/**
 * Checked lines → a batch. A number on two lines is an error on the second: which of the two the
 * shop meant cannot be guessed, and the import is all-or-nothing, so it is better said than chosen.
 */
export function collectBatch(lines: Array<{ line: number; checked: Checked<OrderInput> }>): Batch {
  const rows: Batch['rows'] = [];
  const errors: LineError[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, checked } of lines) {
    if (!checked.ok) {
      errors.push({ line, reason: checked.reason });
      continue;
    }
    const seen = firstLine.get(checked.value.number);
    if (seen !== undefined) {
      errors.push({ line, reason: `number: ${checked.value.number} is already on line ${seen}` });
      continue;
    }
    firstLine.set(checked.value.number, line);
    rows.push({ line, input: checked.value });
  }
  return { rows, errors };
}

/** The bytes of an upload as text, or why not (the files must be UTF-8). */
export function decodeUtf8(bytes: Uint8Array): Checked<string> {
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'the file is not UTF-8 text; save it as "CSV UTF-8" (or JSON lines in UTF-8) and try again' };
  }
}
