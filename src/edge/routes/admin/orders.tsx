import { Hono } from 'hono';
import { isOrderStatus } from '../../../domain/index.ts';
import { ErrorPage } from '../../../views/error.tsx';
import { OrderDetailPage } from '../../../views/order-detail.tsx';
import { OrdersListPage } from '../../../views/orders-list.tsx';
import type { StaffEnv } from '../../middleware/session.ts';
import type { AppDeps } from '../../types.ts';
import { EXPORT_CAP } from './calls.tsx';
import { csvResponse } from './csv.ts';
import { COUNT_CAP, PAGE_SIZE, pageInfo, parseOrderQuery, parsePage } from './filters.ts';
import { html, idParam, uiOf } from './render.ts';

export const NOTE_MAX = 2000;

export function orderRoutes(deps: AppDeps) {
  const { store } = deps;
  const now = deps.clock ?? (() => new Date());
  const app = new Hono<StaffEnv>();

  app.get('/orders', async (c) => {
    const q = c.req.query();
    const { filter, values, invalid } = parseOrderQuery(q);
    const page = parsePage(q.page);
    const res = await store.listOrders(filter, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE, countCap: COUNT_CAP });
    return html(c, <OrdersListPage ui={uiOf(c)} filters={values} invalid={invalid} info={pageInfo(page, res.total, res.capped)} rows={res.rows} />);
  });

  app.get('/orders.csv', (c) => {
    const { filter } = parseOrderQuery(c.req.query());
    return csvResponse(`orders-${now().toISOString().slice(0, 10)}.csv`, ['id', 'number', 'status', 'created_at', 'updated_at', 'calls'], async function* () {
      const chunk = 1000;
      for (let offset = 0; offset < EXPORT_CAP; offset += chunk) {
        const { rows } = await store.listOrders(filter, { offset, limit: chunk, countCap: 0 });
        if (rows.length === 0) return;
        yield rows.map((o) => [String(o.id), o.number, o.status, o.createdAt.toISOString(), o.updatedAt.toISOString(), String(o.callCount)]);
        if (rows.length < chunk) return;
      }
    });
  });

  app.get('/orders/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    const order = id ? await store.getOrder(id) : null;
    if (!order) return html(c, <ErrorPage ui={uiOf(c)} status={404} reason="not_found" />, 404);
    const [calls, notes, audit] = await Promise.all([store.listCallsForOrder(order.id), store.listOrderNotes(order.id), store.listAudit('order', order.id)]);
    return html(c, <OrderDetailPage ui={uiOf(c)} order={order} calls={calls} notes={notes} audit={audit} done={c.req.query('done')} />);
  });

  /** The status form and the note form post here; either field may come alone. */
  app.post('/orders/:id/status', async (c) => {
    const id = idParam(c.req.param('id'));
    const order = id ? await store.getOrder(id) : null;
    if (!order) return html(c, <ErrorPage ui={uiOf(c)} status={404} reason="not_found" />, 404);
    const body = await c.req.parseBody();
    const status = typeof body.status === 'string' ? body.status : '';
    const note = typeof body.note === 'string' ? body.note.trim() : '';
    if ((status && !isOrderStatus(status)) || (!status && !note)) {
      return html(c, <ErrorPage ui={uiOf(c)} status={400} reason="bad_status" />, 400);
    }
    const actor = c.get('session')!.username;
    const done: string[] = [];
    if (isOrderStatus(status)) {
      const res = await store.setOrderStatus(order.id, status, actor, now());
      done.push(res.kind === 'changed' ? 'status_changed' : 'unchanged');
    }
    if (note) {
      await store.addOrderNote(order.id, note.slice(0, NOTE_MAX), actor, now());
      done.push('note_added');
    }
    return c.redirect(`/orders/${order.id}?done=${done.includes('note_added') && done.length === 1 ? 'note_added' : done[0]}`, 303);
  });

  return app;
}
