import { parseActor, type AuditEntry } from '../domain/index.ts';
import { formatDateTime, formatNumber } from './format.ts';
import { hrefWith, type Ui } from './ui.ts';

export function StatusBadge({ ui, kind, status }: { ui: Ui; kind: 'call' | 'order'; status: string }) {
  return <span class={`badge s-${status}`}>{ui.t(`${kind}_status.${status}`)}</span>;
}

/** A message after a change (Post/Redirect/Get carries it in `?done=`). */
export function Notice({ ui, done }: { ui: Ui; done: string | undefined }) {
  if (!done) return null;
  return <p class="notice ok" role="status">{ui.t(`notice.${done}`, { defaultValue: ui.t('notice.saved') })}</p>;
}

export function EmptyState({ title, hint, action }: { title: string; hint: string; action?: { href: string; label: string } }) {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      <p>{hint}</p>
      {action && <p><a href={action.href}>{action.label}</a></p>}
    </div>
  );
}

export interface PageInfo {
  page: number;
  pageSize: number;
  lastPage: number;
  total: number;
  capped: boolean;
}

/** "Showing 51–100 of 1,234" and previous/next links that keep every filter. */
export function Pagination({ ui, path, params, info, rows }: { ui: Ui; path: string; params: Record<string, string | undefined>; info: PageInfo; rows: number }) {
  const { t, lang } = ui;
  const first = (info.page - 1) * info.pageSize + 1;
  return (
    <nav class="pager" aria-label={t('list.pages')}>
      <span>
        {rows > 0 ? t('list.showing', { from: formatNumber(first, lang), to: formatNumber(first + rows - 1, lang) }) + ' · ' : ''}
        {t('list.page_of', { page: formatNumber(info.page, lang), last: formatNumber(info.lastPage, lang) })}
      </span>
      {info.page > 1 ? <a rel="prev" href={hrefWith(path, params, { page: String(info.page - 1) })}>← {t('list.prev')}</a> : <span class="off">← {t('list.prev')}</span>}
      {info.page < info.lastPage ? <a rel="next" href={hrefWith(path, params, { page: String(info.page + 1) })}>{t('list.next')} →</a> : <span class="off">{t('list.next')} →</span>}
    </nav>
  );
}

export function ResultCount({ ui, info }: { ui: Ui; info: PageInfo }) {
  const n = formatNumber(info.total, ui.lang);
  return (
    <p class="count" role="status">
      {info.capped ? ui.t('list.count_capped', { count: info.total, n }) : ui.t('list.count', { count: info.total, n })}
    </p>
  );
}

/** Who made a change: a staff member, the shop's API key, a caller, the command line, or the system. */
export function ActorName({ ui, actor }: { ui: Ui; actor: string | null }) {
  const { t } = ui;
  if (!actor) return <strong>{t('audit.system')}</strong>;
  const a = parseActor(actor);
  const name = a.kind === 'staff' ? a.username : a.kind === 'key' ? t('actor.key', { name: a.name }) : a.kind === 'call' ? t('actor.call') : t('actor.cli', { user: a.user });
  return <strong>{name}</strong>;
}

/** What one change did, in words (an order's or a call's history). */
export function auditText(ui: Ui, e: AuditEntry): string {
  const { t } = ui;
  const status = (v: string | null) => (v ? t(`${e.entity}_status.${v}`, { defaultValue: v }) : '–');
  switch (e.field) {
    case 'note':
      return t('audit.note_added');
    case 'created':
      return t(`audit.created_${e.newValue}`, { defaultValue: t('audit.created') });
    case 'deleted':
      return t('audit.deleted');
    // Call control (edge/routes/admin/call-control.tsx): what staff did, with the order or staff number.
    case 'callback_placed':
    case 'hangup':
    case 'transfer':
      return t(`audit.${e.field}`, { value: e.newValue ?? '–' });
    case 'source':
      return t('audit.source_changed', { old: t(`order_source.${e.oldValue}`, { defaultValue: e.oldValue ?? '–' }), new: t(`order_source.${e.newValue}`, { defaultValue: e.newValue ?? '–' }) });
    case 'details':
      return t('audit.details_changed', { fields: (e.newValue ?? '').split(', ').map((f) => t(`audit.detail_${f}`, { defaultValue: f })).join(', ') });
    default:
      return t('audit.changed', { field: t(`audit.field_${e.field}`, { defaultValue: e.field }), old: status(e.oldValue), new: status(e.newValue) });
  }
}

export function AuditTrail({ ui, entries }: { ui: Ui; entries: AuditEntry[] }) {
  const { t, lang } = ui;
  return (
    <section class="card">
      <h2>{t('audit.title')}</h2>
      {entries.length === 0 ? (
        <p class="muted">{t('audit.empty')}</p>
      ) : (
        <ol class="audit">
          {entries.map((e) => (
            <li>
              <time datetime={e.at.toISOString()}>{formatDateTime(e.at, lang)}</time> <ActorName ui={ui} actor={e.actor} /> {auditText(ui, e)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** A status `<select>` plus submit, posted with the session's CSRF token. */
export function StatusForm({ ui, action, kind, current, statuses }: { ui: Ui; action: string; kind: 'call' | 'order'; current: string; statuses: readonly string[] }) {
  const { t } = ui;
  return (
    <form method="post" action={action} class="inline-form">
      <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />
      <label>
        {t('detail.change_status')}
        <select name="status">
          {statuses.map((s) => <option value={s} selected={s === current}>{t(`${kind}_status.${s}`)}</option>)}
        </select>
      </label>
      <button type="submit">{t('detail.save')}</button>
    </form>
  );
}
