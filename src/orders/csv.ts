import { parse } from 'csv-parse/sync';
import { collectBatch, MAX_BATCH_LINES, type Batch } from './batch.ts';
import { checkOrderObject, type Checked, type OrderInput } from './input.ts';

/** The columns in order when the file has no header row: `number,status[,phones,name,note]`. */
export const CSV_COLUMNS = ['number', 'status', 'phones', 'name', 'note'] as const;
type Field = (typeof CSV_COLUMNS)[number] | 'updatedAt';

// Header names as spreadsheets and shop exports write them (compared without case, spaces or `_`).
const ALIASES: Record<Field, string[]> = {
  number: ['number', 'order', 'ordernumber', 'orderno', 'nummer', 'bestellnummer', 'bestellung'],
  status: ['status', 'state'],
  phones: ['phones', 'phone', 'telephone', 'telefon', 'telefonnummer', 'telefonnummern'],
  name: ['name', 'customer', 'customername', 'kunde', 'kundenname'],
  note: ['note', 'notes', 'notiz', 'bemerkung', 'hinweis'],
  updatedAt: ['updatedat', 'updated', 'aktualisiert'],
};
const fieldOf = (header: string): Field | undefined => {
  const h = header.toLowerCase().replace(/[\s_\-.]/g, '');
  return (Object.keys(ALIASES) as Field[]).find((f) => ALIASES[f].includes(h));
};

/** `;` (German spreadsheets) or `,`: whichever separates more cells of the first line, outside quotes. */
function delimiterOf(text: string): ';' | ',' {
  const first = text.split('\n', 1)[0]!.replace(/"[^"]*"/g, '');
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}

export interface CsvOptions {
  /** Rows allowed (the page's upload); the command line passes Infinity. */
  maxRows?: number;
}

/**
 * A CSV of orders (RFC 4180; UTF-8 with or without BOM; `;` or `,`), with or without a header row.
 * An empty cell leaves what is stored: an export without names must not erase them.
 * Parsing by csv-parse: quoting, embedded separators and line breaks are its job, not ours.
 */
export function parseOrdersCsv(text: string, opts: CsvOptions = {}): Batch {
  const maxRows = opts.maxRows ?? MAX_BATCH_LINES;
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { delimiter: delimiterOf(text.replace(/^\uFEFF/, '')), bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { rows: [], errors: [{ line: e.lines ?? 0, reason: `not readable as CSV: ${e.message}` }] };
  }
  // A record spanning lines (a quoted line break) is reported at the line it starts on.
  const lineOf = (r: { record: string[]; info: { lines: number } }) => r.info.lines - r.record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
  let columns: Field[] = [...CSV_COLUMNS];
  let body = records;
  if (records.length && fieldOf(records[0]!.record[0] ?? '') === 'number') {
    const header = records[0]!.record;
    const unknown = header.filter((h) => h !== '' && !fieldOf(h));
    if (unknown.length) return { rows: [], errors: [{ line: 1, reason: `unknown column ${unknown.map((h) => `"${h}"`).join(', ')}; the columns are number, status, phones, name, note` }] };
    columns = header.map((h) => fieldOf(h)!);
    if (!columns.includes('status')) return { rows: [], errors: [{ line: 1, reason: 'no "status" column' }] };
    body = records.slice(1);
  }
  if (body.length === 0) return { rows: [], errors: [{ line: 0, reason: 'no orders in the file: one per line, number;status[;phones;name;note]' }] };
  if (body.length > maxRows) return { rows: [], errors: [{ line: 0, reason: `${body.length} orders in the file; at most ${maxRows} here (larger files: npm run orders:import)` }] };
  const checked: Array<{ line: number; checked: Checked<OrderInput> }> = body.map((r) => {
    const line = lineOf(r);
    if (r.record.length > columns.length && r.record.slice(columns.length).some((c) => c !== '')) {
      return { line, checked: { ok: false, reason: `${r.record.length} cells; expected ${columns.join(', ')}` } };
    }
    const o: Record<string, string> = {};
    columns.forEach((f, i) => {
      const cell = r.record[i];
      if (cell !== undefined && cell !== '') o[f] = cell;
    });
    return { line, checked: checkOrderObject(o) };
  });
  return collectBatch(checked);
}
