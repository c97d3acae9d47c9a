import type { CallRow } from '../domain/index.ts';
import { CALL_DIRECTIONS, CALL_STATUSES, LANGS } from '../domain/index.ts';
import { EmptyState, Pagination, ResultCount, StatusBadge, type PageInfo } from './components.tsx';
import { formatDateTime, formatDuration, formatPhone } from './format.ts';
import { Layout } from './layout.tsx';
import { hrefWith, type Ui } from './ui.ts';

export interface CallFilterValues {
  status?: string;
  lang?: string;
  direction?: string;
  from?: string;
  date_from?: string;
  date_to?: string;
  follow_up?: string;
}

export interface CallsListProps {
  ui: Ui;
  filters: CallFilterValues;
  /** Filter fields whose value was not understood and is ignored. */
  invalid: string[];
  info: PageInfo;
  rows: CallRow[];
}

export function CallsTable({ ui, rows }: { ui: Ui; rows: CallRow[] }) {
  const { t, lang } = ui;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{t('calls.started')}</th><th>{t('calls.number')}</th><th class="hide-sm">{t('calls.caller_name')}</th><th class="hide-sm">{t('calls.language')}</th>
            <th>{t('calls.status')}</th><th class="num hide-sm">{t('calls.duration')}</th><th>{t('calls.order')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr>
              <td><a href={`/calls/${c.id}`}><time datetime={c.startedAt.toISOString()}>{formatDateTime(c.startedAt, lang)}</time></a></td>
              <td class="nowrap">{c.direction === 'outbound' && <span class="badge" title={t('calls.outbound_hint')}>{t('calls.outbound')}</span>} {formatPhone(c.fromFull, c.fromMasked)}</td>
              <td class="hide-sm">{c.callerName ?? ''}</td>
              <td class="hide-sm">{t(`lang.${c.language}`)}</td>
              <td><StatusBadge ui={ui} kind="call" status={c.status} /></td>
              <td class="num hide-sm">{formatDuration(c.durationS)}</td>
              <td>{c.orderId ? <a href={`/orders/${c.orderId}`}>{c.orderNumber}</a> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CallsListPage({ ui, filters, invalid, info, rows }: CallsListProps) {
  const { t } = ui;
  const params = { ...filters };
  const filtered = Object.values(filters).some((v) => v);
  return (
    <Layout ui={ui} title={t('calls.title')}>
      <div class="page-head">
        <h1>{t('calls.title')}</h1>
        <a class="button secondary" href={hrefWith('/calls.csv', params)} download>{t('list.export_csv')}</a>
        <a class="button secondary" href={hrefWith('/calls.csv', params, { full: '1' })} download title={t('list.export_csv_full_hint')}>{t('list.export_csv_full')}</a>
      </div>
      <form method="get" action="/calls" class="filters" role="search">
        <label>{t('calls.status')}
          <select name="status">
            <option value="">{t('list.all')}</option>
            {CALL_STATUSES.map((s) => <option value={s} selected={filters.status === s}>{t(`call_status.${s}`)}</option>)}
          </select>
        </label>
        <label>{t('calls.language')}
          <select name="lang">
            <option value="">{t('list.all')}</option>
            {LANGS.map((l) => <option value={l} selected={filters.lang === l}>{t(`lang.${l}`)}</option>)}
          </select>
        </label>
        <label>{t('calls.direction')}
          <select name="direction">
            <option value="">{t('list.all')}</option>
            {CALL_DIRECTIONS.map((d) => <option value={d} selected={filters.direction === d}>{t(`direction.${d}`)}</option>)}
          </select>
        </label>
        <label class="check"><input type="checkbox" name="follow_up" value="1" checked={filters.follow_up === '1'} /> {t('calls.follow_up_filter')}</label>
        <label>{t('calls.number')}
          <input name="from" value={filters.from ?? ''} inputmode="tel" placeholder="+49151" />
        </label>
        <label>{t('list.date_from')}<input type="date" name="date_from" value={filters.date_from ?? ''} /></label>
        <label>{t('list.date_to')}<input type="date" name="date_to" value={filters.date_to ?? ''} /></label>
        <div class="filter-actions">
          <button type="submit">{t('list.apply')}</button>
          {filtered && <a href="/calls">{t('list.reset')}</a>}
        </div>
      </form>
      {invalid.length > 0 && <p class="notice error" role="alert">{t('list.invalid', { fields: invalid.join(', ') })}</p>}
      <ResultCount ui={ui} info={info} />
      {rows.length === 0 ? (
        info.total > 0 ? (
          <EmptyState title={t('list.past_end')} hint={t('list.past_end_hint')} action={{ href: hrefWith('/calls', params), label: t('list.first_page') }} />
        ) : filtered ? (
          <EmptyState title={t('calls.empty_filtered')} hint={t('calls.empty_filtered_hint')} action={{ href: '/calls', label: t('list.reset') }} />
        ) : (
          <EmptyState title={t('calls.empty')} hint={t('calls.empty_hint')} action={{ href: '/flow', label: t('nav.flow') }} />
        )
      ) : (
        <CallsTable ui={ui} rows={rows} />
      )}
      {info.capped && <p class="muted small">{t('list.capped_hint')}</p>}
      <Pagination ui={ui} path="/calls" params={params} info={info} rows={rows.length} />
    </Layout>
  );
}
