import { ORDER_STATUSES, type Order } from '../domain/index.ts';
import { Layout } from './layout.tsx';
import type { Ui } from './ui.ts';

export interface NewOrderForm {
  number: string;
  status: string;
  phones: string;
  name: string;
  note: string;
}

/** An order created by hand; the form keeps what was typed when something is wrong. */
export function NewOrderPage({ ui, form, errors = [], existing }: { ui: Ui; form: NewOrderForm; errors?: string[]; existing?: Order }) {
  const { t } = ui;
  const bad = (f: string) => errors.includes(f);
  return (
    <Layout ui={ui} title={t('new_order.title')}>
      <p class="crumbs"><a href="/orders">← {t('nav.orders')}</a></p>
      <h1>{t('new_order.title')}</h1>
      {existing && (
        <p class="notice error" role="alert">
          {t('new_order.exists', { number: existing.number })} <a href={`/orders/${existing.id}`}>{t('new_order.open_existing')}</a>
        </p>
      )}
      {errors.length > 0 && (
        <div class="notice error" role="alert">
          <ul class="plain">{errors.map((f) => <li>{t(`new_order.error_${f}`)}</li>)}</ul>
        </div>
      )}
      <section class="card narrow">
        <form method="post" action="/orders" class="stack-form">
          <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />
          <label>{t('orders.number')}
            <input name="number" inputmode="numeric" pattern="[0-9]{4,12}" maxlength={12} required value={form.number} aria-invalid={bad('number') ? 'true' : undefined} />
            <span class="muted small">{t('new_order.number_hint')}</span>
          </label>
          <label>{t('orders.status')}
            <select name="status">{ORDER_STATUSES.map((s) => <option value={s} selected={form.status === s}>{t(`order_status.${s}`)}</option>)}</select>
          </label>
          <label>{t('orders.customer')}<input name="name" maxlength={200} value={form.name} aria-invalid={bad('name') ? 'true' : undefined} /></label>
          <label>{t('orders.phones')}
            <input name="phones" value={form.phones} placeholder="+4915112345678" aria-invalid={bad('phones') ? 'true' : undefined} />
            <span class="muted small">{t('new_order.phones_hint')}</span>
          </label>
          <label>{t('orders.shop_note')}<textarea name="note" rows={3} maxlength={2000}>{form.note}</textarea></label>
          <button type="submit">{t('new_order.create')}</button>
        </form>
      </section>
    </Layout>
  );
}
