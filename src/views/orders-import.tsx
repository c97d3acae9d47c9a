import type { LineError } from '../orders/batch.ts';
import type { UpsertCounts } from '../orders/plan.ts';
import type { OrderImport, UpsertOutcome } from '../store/ports/orders.ts';
import { Notice, StatusBadge } from './components.tsx';
import { formatDateTime, formatNumber } from './format.ts';
import { Layout } from './layout.tsx';
import type { Ui } from './ui.ts';

/** Rows of the preview's table; the counts above it cover all of them. */
const ROWS_SHOWN = 200;

function LineErrors({ ui, errors }: { ui: Ui; errors: LineError[] }) {
  const { t } = ui;
  return (
    <div class="table-wrap flat">
      <table class="compact errors">
        <thead><tr><th class="num">{t('import.line')}</th><th>{t('import.problem')}</th></tr></thead>
        <tbody>
          {errors.map((e) => (
            <tr><td class="num">{e.line > 0 ? e.line : t('import.whole_file')}</td><td>{e.reason}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportUploadPage({ ui, maxRows, errors }: { ui: Ui; maxRows: number; errors?: LineError[] }) {
  const { t, lang } = ui;
  return (
    <Layout ui={ui} title={t('import.title')}>
      <p class="crumbs"><a href="/orders">← {t('nav.orders')}</a></p>
      <h1>{t('import.title')}</h1>
      {errors && errors.length > 0 && (
        <section class="card" role="alert">
          <p class="notice error">{t('import.not_read')}</p>
          <LineErrors ui={ui} errors={errors} />
        </section>
      )}
      <section class="card">
        <form method="post" action="/orders/import" enctype="multipart/form-data" class="stack-form">
          <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />
          <label>{t('import.file')}<input type="file" name="file" accept=".csv,text/csv" required /></label>
          <button type="submit">{t('import.preview')}</button>
        </form>
      </section>
      <section class="card">
        <h2>{t('import.format')}</h2>
        <p>{t('import.format_text', { max: formatNumber(maxRows, lang) })}</p>
        <pre class="example">{'number;status;phones;name;note\n100234;shipped;+4915112345678;Anna Müller;\n100235;processing;+447700900123 | +442071234567;;Gift wrap'}</pre>
        <p class="muted small">{t('import.format_hint')}</p>
      </section>
    </Layout>
  );
}

function Counts({ ui, counts, applied }: { ui: Ui; counts: UpsertCounts; applied: boolean }) {
  const { t, lang } = ui;
  return (
    <ul class="kpis import-counts">
      {(['created', 'updated', 'unchanged', 'stale'] as const).map((k) => (
        <li class="kpi"><span>{t(`import.${applied ? 'did' : 'will'}_${k}`)}</span><strong>{formatNumber(counts[k], lang)}</strong></li>
      ))}
    </ul>
  );
}

export interface ImportPreviewProps {
  ui: Ui;
  imp: OrderImport;
  /** What applying would do now (empty once applied). */
  outcomes: UpsertOutcome[];
  counts: UpsertCounts;
  done?: string;
}

export function ImportPreviewPage({ ui, imp, outcomes, counts, done }: ImportPreviewProps) {
  const { t, lang } = ui;
  const applied = imp.status === 'applied';
  const byNumber = new Map(imp.rows.map((r) => [r.number, r]));
  // Changes first: those are what a person checks before applying.
  const rank = { created: 0, updated: 1, stale: 2, unchanged: 3 } as const;
  const shown = [...outcomes].sort((a, b) => rank[a.result] - rank[b.result]).slice(0, ROWS_SHOWN);
  const toApply = counts.created + counts.updated;
  return (
    <Layout ui={ui} title={t('import.title')}>
      <p class="crumbs"><a href="/orders">← {t('nav.orders')}</a></p>
      <h1>{t(applied ? 'import.applied_title' : 'import.preview_title', { file: imp.filename })}</h1>
      <Notice ui={ui} done={done} />
      <p class="muted">{t('import.uploaded_by', { name: imp.createdBy, time: formatDateTime(imp.createdAt, lang) })}
        {imp.appliedAt && <> · {t('import.applied_at', { time: formatDateTime(imp.appliedAt, lang) })}</>}</p>
      <Counts ui={ui} counts={counts} applied={applied} />
      {imp.errors.length > 0 && (
        <section class="card">
          <h2>{t('import.errors', { count: imp.errors.length })}</h2>
          <p class="muted small">{t('import.errors_hint')}</p>
          <LineErrors ui={ui} errors={imp.errors} />
        </section>
      )}
      {!applied && (
        <section class="card apply">
          {toApply > 0 ? (
            <form method="post" action={`/orders/import/${imp.id}/apply`} class="inline-form">
              <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />
              <button type="submit">{t(imp.errors.length ? 'import.apply_skipping' : 'import.apply', { count: toApply, skipped: imp.errors.length })}</button>
              <a href="/orders/import">{t('import.other_file')}</a>
            </form>
          ) : (
            <p>{t('import.nothing_to_apply')} <a href="/orders/import">{t('import.other_file')}</a></p>
          )}
        </section>
      )}
      {shown.length > 0 && (
        <section class="card">
          <h2>{t('import.changes')}</h2>
          <div class="table-wrap flat">
            <table class="compact">
              <thead><tr><th>{t('orders.number')}</th><th>{t('import.now')}</th><th>{t('import.after')}</th><th>{t('import.result')}</th></tr></thead>
              <tbody>
                {shown.map((o) => (
                  <tr>
                    <td>{o.previous ? <a href={`/orders/${o.previous.id}`}>{o.number}</a> : o.number}</td>
                    <td>{o.previous ? <StatusBadge ui={ui} kind="order" status={o.previous.status} /> : <span class="muted">{t('import.new')}</span>}</td>
                    <td><StatusBadge ui={ui} kind="order" status={byNumber.get(o.number)!.status} /></td>
                    <td>{t(`import.result_${o.result}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {outcomes.length > shown.length && <p class="muted small">{t('import.more', { count: outcomes.length - shown.length })}</p>}
        </section>
      )}
      {applied && <p><a class="button" href="/orders">{t('import.to_orders')}</a></p>}
    </Layout>
  );
}
