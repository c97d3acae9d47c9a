import { Hono } from 'hono';
import { isOrderStatus } from '../../../domain/index.ts';
import { checkNumber, checkPhones, checkStatus, NAME_MAX, SHOP_NOTE_MAX } from '../../../orders/input.ts';
import { NewOrderPage, type NewOrderForm } from '../../../views/order-new.tsx';
import { ErrorPage } from '../../../views/error.tsx';
import { OrderDetailPage } from '../../../views/order-detail.tsx';
import { OrdersListPage } from '../../../views/orders-list.tsx';
import type { StaffEnv } from '../../middleware/session.ts';
import type { AppDeps } from '../../types.ts';
import { EXPORT_CAP } from './calls.tsx';
import { csvResponse } from './csv.ts';
import { COUNT_CAP, PAGE_SIZE, pageInfo, parseOrderQuery, parsePage } from './filters.ts';
import { controlOffer } from '../../call-control/offer.ts';
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
    return csvResponse(`orders-${now().toISOString().slice(0, 10)}.csv`, ['id', 'number', 'status', 'created_at', 'updated_at', 'calls', 'source'], async function* () {
      const chunk = 1000;
      for (let offset = 0; offset < EXPORT_CAP; offset += chunk) {
        const { rows } = await store.listOrders(filter, { offset, limit: chunk, countCap: 0 });
        if (rows.length === 0) return;
        yield rows.map((o) => [String(o.id), o.number, o.status, o.createdAt.toISOString(), o.updatedAt.toISOString(), String(o.callCount), o.source]);
        if (rows.length < chunk) return;
      }
    });
  });

  app.get('/orders/new', (c) => html(c, <NewOrderPage ui={uiOf(c)} form={{ number: c.req.query('number') ?? '', status: 'received', phones: '', name: '', note: '' }} />));

  /** An order by hand (a phone order, a number a caller gave that the shop's data lacks). */
  app.post('/orders', async (c) => {
    const body = await c.req.parseBody();
    const str = (k: keyof NewOrderForm) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
    const form: NewOrderForm = { number: str('number'), status: str('status'), phones: str('phones'), name: str('name'), note: str('note') };
    const number = checkNumber(form.number), status = checkStatus(form.status), phones = checkPhones(form.phones);
    const errors = [
      !number.ok && 'number',
      !status.ok && 'status',
      !phones.ok && 'phones',
      form.name.length > NAME_MAX && 'name',
      form.note.length > SHOP_NOTE_MAX && 'note',
    ].filter((e): e is string => !!e);
    if (!number.ok || !status.ok || !phones.ok || errors.length) return html(c, <NewOrderPage ui={uiOf(c)} form={form} errors={errors} />, 400);
    const res = await store.createOrder({ number: number.value, status: status.value, phones: phones.value, name: form.name || null, note: form.note || null }, c.get('session')!.username, now());
    if (res.kind === 'exists') return html(c, <NewOrderPage ui={uiOf(c)} form={form} existing={res.order} />, 409);
    return c.redirect(`/orders/${res.order.id}?done=order_created`, 303);
  });

  app.get('/orders/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    const order = id ? await store.getOrder(id) : null;
    if (!order) return html(c, <ErrorPage ui={uiOf(c)} status={404} reason="not_found" />, 404);
    const [calls, notes, audit] = await Promise.all([store.listCallsForOrder(order.id), store.listOrderNotes(order.id), store.listAudit('order', order.id)]);
    const control = await controlOffer(store, deps.config, calls, null, now());
    return html(c, <OrderDetailPage ui={uiOf(c)} order={order} calls={calls} notes={notes} audit={audit} done={c.req.query('done')} callback={control.callback} />);
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
