import { Layout } from './layout.tsx';
import type { Ui } from './ui.ts';

export interface LoginProps {
  ui: Ui;
  next: string;
  csrf: string;
  username?: string;
  error?: 'invalid' | 'throttled' | 'csrf' | 'disabled' | null;
  retryMinutes?: number;
  loggedOut?: boolean;
}

export function LoginPage({ ui, next, csrf, username, error, retryMinutes, loggedOut }: LoginProps) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('login.title')}>
      <section class="login card">
        <h1>{t('login.title')}</h1>
        {loggedOut && <p class="notice ok" role="status">{t('login.logged_out')}</p>}
        {error && (
          <p class="notice error" role="alert">
            {error === 'throttled' ? t('login.throttled', { minutes: retryMinutes ?? 15 }) : t(`login.error_${error}`)}
          </p>
        )}
        <form method="post" action="/login">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="next" value={next} />
          <label>
            {t('login.username')}
            <input name="username" autocomplete="username" required value={username ?? ''} autofocus />
          </label>
          <label>
            {t('login.password')}
            <input name="password" type="password" autocomplete="current-password" required />
          </label>
          <button type="submit">{t('login.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}
