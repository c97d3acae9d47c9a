// CSV import on the orders page: upload → preview (what would change, and every line that could
// not be read) → apply. The checked rows wait in the database between the two steps, so any edge
// process can apply them and a second click applies nothing twice.
import { Hono } from 'hono';
import { MAX_BATCH_LINES, decodeUtf8 } from '../../../orders/batch.ts';
import { parseOrdersCsv } from '../../../orders/csv.ts';
import { countResults } from '../../../orders/plan.ts';
import { ErrorPage } from '../../../views/error.tsx';
import { ImportPreviewPage, ImportUploadPage } from '../../../views/orders-import.tsx';
import type { StaffEnv } from '../../middleware/session.ts';
import type { AppDeps } from '../../types.ts';
import { html, idParam, uiOf } from './render.ts';

/** The largest CSV upload; larger files go through `npm run orders:import`. */
export const CSV_UPLOAD_MAX = 5 * 1024 * 1024;
/** An upload not applied within a day is dropped at the next upload. */
const PREVIEW_KEPT_MS = 24 * 3600_000;

export function orderImportRoutes(deps: AppDeps) {
  const { store, logger } = deps;
  const now = deps.clock ?? (() => new Date());
  const app = new Hono<StaffEnv>();

  app.get('/orders/import', (c) => html(c, <ImportUploadPage ui={uiOf(c)} maxRows={MAX_BATCH_LINES} />));

  app.post('/orders/import', async (c) => {
    const ui = uiOf(c);
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return html(c, <ImportUploadPage ui={ui} maxRows={MAX_BATCH_LINES} errors={[{ line: 0, reason: ui.t('import.no_file') }]} />, 400);
    const text = decodeUtf8(new Uint8Array(await file.arrayBuffer()));
    if (!text.ok) return html(c, <ImportUploadPage ui={ui} maxRows={MAX_BATCH_LINES} errors={[{ line: 0, reason: text.reason }]} />, 400);
    const batch = parseOrdersCsv(text.value, { maxRows: MAX_BATCH_LINES });
    // Nothing readable at all (wrong file, unknown columns, too many rows): say so on the upload page.
    if (batch.rows.length === 0 && batch.errors.some((e) => e.line <= 1)) {
      return html(c, <ImportUploadPage ui={ui} maxRows={MAX_BATCH_LINES} errors={batch.errors} />, 400);
    }
    const at = now();
    const imp = await store.saveOrderImport(
      { createdBy: c.get('session')!.username, filename: file.name.slice(0, 200) || 'orders.csv', rows: batch.rows.map((r) => r.input), errors: batch.errors },
      at,
      new Date(at.getTime() - PREVIEW_KEPT_MS),
    );
    return c.redirect(`/orders/import/${imp.id}`, 303);
  });

  app.get('/orders/import/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    const imp = id ? await store.getOrderImport(id) : null;
    if (!imp) return html(c, <ErrorPage ui={uiOf(c)} status={404} reason="import_not_found" />, 404);
    // Compared with the orders as they are now, so a preview opened later is still true.
    const outcomes = imp.status === 'preview' ? await store.previewOrders(imp.rows) : [];
    return html(c, <ImportPreviewPage ui={uiOf(c)} imp={imp} outcomes={outcomes} counts={imp.result ?? countResults(outcomes)} done={c.req.query('done')} />);
  });

  app.post('/orders/import/:id/apply', async (c) => {
    const id = idParam(c.req.param('id'));
    const res = id ? await store.applyOrderImport(id, c.get('session')!.username, now()) : null;
    if (!res) return html(c, <ErrorPage ui={uiOf(c)} status={404} reason="import_not_found" />, 404);
    if (res.kind === 'applied') logger.info({ by: c.get('session')!.username, importId: id, ...res.import.result }, 'orders imported from CSV');
    return c.redirect(`/orders/import/${id}?done=${res.kind === 'applied' ? 'imported' : 'already_imported'}`, 303);
  });

  return app;
}
