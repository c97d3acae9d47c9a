import type { AuditEntry, Call, Order, OrderNote } from '../domain/index.ts';
import { ORDER_STATUSES } from '../domain/index.ts';
import { AuditTrail, Notice, StatusBadge, StatusForm } from './components.tsx';
import { CallbackForms, type ControlOffer } from './call-control.tsx';
import { formatDateTime, formatDuration, formatPhone } from './format.ts';
import { Layout } from './layout.tsx';
import type { Ui } from './ui.ts';

export interface OrderDetailProps {
  ui: Ui;
  order: Order;
  calls: Call[];
  notes: OrderNote[];
  audit: AuditEntry[];
  done?: string;
  error?: string;
  /** "Call back" per consented caller (null: call control not configured). */
  callback?: ControlOffer['callback'];
}

export function OrderDetailPage({ ui, order, calls, notes, audit, done, error, callback }: OrderDetailProps) {
  const { t, lang } = ui;
  return (
    <Layout ui={ui} title={t('detail.order_title', { number: order.number })}>
      <p class="crumbs"><a href="/orders">← {t('nav.orders')}</a></p>
      <h1>{t('detail.order_title', { number: order.number })}</h1>
      <Notice ui={ui} done={done} />
      {error && <p class="notice error" role="alert">{t(`error.${error}`)}</p>}
      {order.source === 'call' && <p class="notice warn" role="note">{t('detail.unconfirmed')}</p>}
      <div class="grid2">
        <section class="card">
          <h2>{t('detail.overview')}</h2>
          <dl class="facts">
            <dt>{t('orders.number')}</dt><dd>{order.number}</dd>
            <dt>{t('orders.status')}</dt><dd><StatusBadge ui={ui} kind="order" status={order.status} /></dd>
            <dt>{t('orders.source')}</dt><dd>{t(`order_source.${order.source}`)}</dd>
            {order.name && <><dt>{t('orders.customer')}</dt><dd>{order.name}</dd></>}
            {order.phones.length > 0 && <><dt>{t('orders.phones')}</dt><dd>{order.phones.map((p) => formatPhone(p, p)).join(', ')}</dd></>}
            {order.note && <><dt>{t('orders.shop_note')}</dt><dd class="note-body">{order.note}</dd></>}
            {order.shopUpdatedAt && <><dt>{t('orders.shop_updated')}</dt><dd>{formatDateTime(order.shopUpdatedAt, lang)}</dd></>}
            <dt>{t('orders.created')}</dt><dd>{formatDateTime(order.createdAt, lang)}</dd>
            <dt>{t('orders.updated')}</dt><dd>{formatDateTime(order.updatedAt, lang)}</dd>
          </dl>
          <StatusForm ui={ui} action={`/orders/${order.id}/status`} kind="order" current={order.status} statuses={ORDER_STATUSES} />
        </section>
        <section class="card">
          <h2>{t('detail.notes')}</h2>
          {notes.length === 0 ? (
            <p class="muted">{t('detail.notes_none')}</p>
          ) : (
            <ol class="notes">
              {notes.map((n) => (
                <li>
                  <p class="muted small">{n.author ?? t('audit.system')} · {formatDateTime(n.at, lang)}</p>
                  <p class="note-body">{n.body}</p>
                </li>
              ))}
            </ol>
          )}
          <form method="post" action={`/orders/${order.id}/status`} class="note-form">
            <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />
            <label>{t('detail.add_note')}<textarea name="note" rows={3} maxlength={2000} required></textarea></label>
            <button type="submit">{t('detail.save_note')}</button>
          </form>
        </section>
      </div>
      <section class="card">
        <h2>{t('detail.calls_for_order')}</h2>
        <CallbackForms ui={ui} action={`/orders/${order.id}/callback`} offer={callback ?? null} withCall />
        {calls.length === 0 ? (
          <p class="muted">{t('detail.no_calls')}</p>
        ) : (
          <ul class="plain">
            {calls.map((c) => (
              <li>
                <a href={`/calls/${c.id}`}>{formatDateTime(c.startedAt, lang)}</a>
                {c.direction === 'outbound' && <span class="badge">{t('calls.outbound')}{c.placedBy ? ` · ${c.placedBy}` : ''}</span>} · {formatPhone(c.fromFull, c.fromMasked)} ·{' '}
                <StatusBadge ui={ui} kind="call" status={c.status} /> · {formatDuration(c.durationS)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <AuditTrail ui={ui} entries={audit} />
    </Layout>
  );
}
