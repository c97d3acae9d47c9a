/**
 * RFC 4180 CSV. Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) get a
 * leading apostrophe (OWASP "CSV injection"): caller numbers and names come from outside.
 */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (cells: Array<string | number | null | undefined>) => cells.map(csvCell).join(',') + '\r\n';

/** A streamed CSV download: rows are produced page by page so memory stays flat. */
export function csvResponse(filename: string, header: string[], pages: () => AsyncGenerator<string[][]>): Response {
  const enc = new TextEncoder();
  const it = pages();
  const body = new ReadableStream<Uint8Array>({
    start(ctrl) {
      // A BOM so Excel opens UTF-8 (umlauts in names) correctly.
      ctrl.enqueue(enc.encode('\uFEFF' + csvRow(header)));
    },
    async pull(ctrl) {
      const { value, done } = await it.next();
      if (done) return ctrl.close();
      ctrl.enqueue(enc.encode(value.map(csvRow).join('')));
    },
    async cancel() {
      await it.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}
