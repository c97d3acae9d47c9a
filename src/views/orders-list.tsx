import type { OrderRow } from '../domain/index.ts';
import { ORDER_SOURCES, ORDER_STATUSES } from '../domain/index.ts';
import { EmptyState, Pagination, ResultCount, StatusBadge, type PageInfo } from './components.tsx';
import { formatDateTime, formatNumber } from './format.ts';
import { Layout } from './layout.tsx';
import { hrefWith, type Ui } from './ui.ts';

export interface OrderFilterValues {
  status?: string;
  source?: string;
  number?: string;
  date_from?: string;
  date_to?: string;
}

export function OrdersListPage({ ui, filters, invalid, info, rows }: { ui: Ui; filters: OrderFilterValues; invalid: string[]; info: PageInfo; rows: OrderRow[] }) {
  const { t, lang } = ui;
  const params = { ...filters };
  const filtered = Object.values(filters).some((v) => v);
  return (
    <Layout ui={ui} title={t('orders.title')}>
      <div class="page-head">
        <h1>{t('orders.title')}</h1>
        <div class="head-actions">
          <a class="button" href="/orders/new">{t('orders.new')}</a>
          <a class="button secondary" href="/orders/import">{t('orders.import_csv')}</a>
          <a class="button secondary" href={hrefWith('/orders.csv', params)} download>{t('list.export_csv')}</a>
        </div>
      </div>
      <form method="get" action="/orders" class="filters" role="search">
        <label>{t('orders.status')}
          <select name="status">
            <option value="">{t('list.all')}</option>
            {ORDER_STATUSES.map((s) => <option value={s} selected={filters.status === s}>{t(`order_status.${s}`)}</option>)}
          </select>
        </label>
        <label>{t('orders.source')}
          <select name="source">
            <option value="">{t('list.all')}</option>
            {ORDER_SOURCES.map((s) => <option value={s} selected={filters.source === s}>{t(`order_source.${s}`)}</option>)}
          </select>
        </label>
        <label>{t('orders.number')}<input name="number" value={filters.number ?? ''} inputmode="numeric" /></label>
        <label>{t('list.date_from')}<input type="date" name="date_from" value={filters.date_from ?? ''} /></label>
        <label>{t('list.date_to')}<input type="date" name="date_to" value={filters.date_to ?? ''} /></label>
        <div class="filter-actions">
          <button type="submit">{t('list.apply')}</button>
          {filtered && <a href="/orders">{t('list.reset')}</a>}
        </div>
      </form>
      {invalid.length > 0 && <p class="notice error" role="alert">{t('list.invalid', { fields: invalid.join(', ') })}</p>}
      <ResultCount ui={ui} info={info} />
      {rows.length === 0 ? (
        info.total > 0 ? (
          <EmptyState title={t('list.past_end')} hint={t('list.past_end_hint')} action={{ href: hrefWith('/orders', params), label: t('list.first_page') }} />
        ) : filtered ? (
          <EmptyState title={t('orders.empty_filtered')} hint={t('orders.empty_filtered_hint')} action={{ href: '/orders', label: t('list.reset') }} />
        ) : (
          <EmptyState title={t('orders.empty')} hint={t('orders.empty_hint')} action={{ href: '/orders/import', label: t('orders.import_csv') }} />
        )
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr><th>{t('orders.number')}</th><th>{t('orders.status')}</th><th>{t('orders.created')}</th><th>{t('orders.updated')}</th><th class="num">{t('orders.calls')}</th></tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr>
                  <td><a href={`/orders/${o.id}`}>{o.number}</a>{o.source === 'call' && <span class="badge src-call" title={t('order_source.call_hint')}>{t('order_source.call')}</span>}</td>
                  <td><StatusBadge ui={ui} kind="order" status={o.status} /></td>
                  <td><time datetime={o.createdAt.toISOString()}>{formatDateTime(o.createdAt, lang)}</time></td>
                  <td><time datetime={o.updatedAt.toISOString()}>{formatDateTime(o.updatedAt, lang)}</time></td>
                  <td class="num">{formatNumber(o.callCount, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {info.capped && <p class="muted small">{t('list.capped_hint')}</p>}
      <Pagination ui={ui} path="/orders" params={params} info={info} rows={rows.length} />
    </Layout>
  );
}
