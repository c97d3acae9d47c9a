import { Notice } from './components.tsx';
import { Layout } from './layout.tsx';
import type { Ui } from './ui.ts';

/** Everyone's own account: their password. */
export function AccountPage({ ui, done, error }: { ui: Ui; done?: string; error?: string }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('account.title')}>
      <h1>{t('account.title')}</h1>
      <Notice ui={ui} done={done} />
      {error && <p class="notice error" role="alert">{t(`account_error.${error}`)}</p>}
      <section class="card narrow">
        <h2>{t('account.change_password')}</h2>
        <p class="muted small">{t('account.signed_in_as', { name: ui.user })}</p>
        <form method="post" action="/account/password" class="stack-form">
          <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />
          <label>{t('account.current')}<input type="password" name="current" autocomplete="current-password" required /></label>
          <label>{t('account.new')}<input type="password" name="password" autocomplete="new-password" minlength={8} required /></label>
          <label>{t('account.repeat')}<input type="password" name="repeat" autocomplete="new-password" minlength={8} required /></label>
          <button type="submit">{t('account.save')}</button>
        </form>
        <p class="muted small">{t('account.hint')}</p>
      </section>
    </Layout>
  );
}
