import type { ApiKey } from '../domain/index.ts';
import { EmptyState, Notice } from './components.tsx';
import { formatDateTime } from './format.ts';
import { Layout } from './layout.tsx';
import { SettingsNav } from './settings-staff.tsx';
import type { Ui } from './ui.ts';

export interface ApiKeysProps {
  ui: Ui;
  keys: ApiKey[];
  /** PUBLIC_BASE_URL, for the example request. */
  base: string;
  /** A key just created: its secret, shown this once. */
  created?: { name: string; key: string };
  done?: string;
  error?: string;
  name?: string;
}

export function ApiKeysPage({ ui, keys, base, created, done, error, name }: ApiKeysProps) {
  const { t, lang } = ui;
  return (
    <Layout ui={ui} title={t('settings.api_keys')}>
      <SettingsNav ui={ui} />
      <h1>{t('settings.api_keys')}</h1>
      <Notice ui={ui} done={done} />
      {error && <p class="notice error" role="alert">{t(`account_error.${error}`)}</p>}
      {created && (
        <section class="card new-key" aria-live="polite">
          <h2>{t('keys.created', { name: created.name })}</h2>
          <p><code class="secret">{created.key}</code></p>
          <p class="notice warn">{t('keys.shown_once')}</p>
          <p class="muted small">{t('keys.example')}</p>
          <pre class="example">{`curl -X PUT ${base}/api/v1/orders/4711 \\\n  -H "Authorization: Bearer ${created.key}" \\\n  -H "Content-Type: application/json" \\\n  -d '{"status": "shipped"}'`}</pre>
        </section>
      )}
      <section class="card">
        <h2>{t('keys.title')}</h2>
        {keys.length === 0 ? <EmptyState title={t('keys.none')} hint={t('keys.none_hint')} /> : (
          <div class="table-wrap flat">
            <table class="stack-sm">
              <thead><tr><th>{t('keys.name')}</th><th>{t('keys.prefix')}</th><th>{t('keys.created_by')}</th><th>{t('keys.last_used')}</th><th>{t('settings.state')}</th><th></th></tr></thead>
              <tbody>
                {keys.map((k) => (
                  <tr class={k.revokedAt ? 'off-row' : undefined}>
                    <td><strong>{k.name}</strong></td>
                    <td><code>{k.prefix}…</code></td>
                    <td>{k.createdBy ?? t('audit.system')} · {formatDateTime(k.createdAt, lang)}</td>
                    <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, lang) : <span class="muted">{t('settings.never')}</span>}</td>
                    <td>{k.revokedAt ? t('keys.revoked', { time: formatDateTime(k.revokedAt, lang), by: k.revokedBy ?? t('audit.system') }) : t('settings.active')}</td>
                    <td>
                      {!k.revokedAt && (
                        <form method="post" action={`/settings/api-keys/${k.id}/revoke`} class="inline-form">
                          <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />
                          <button type="submit" class="danger">{t('keys.revoke')}</button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="card">
        <h2>{t('keys.new')}</h2>
        <form method="post" action="/settings/api-keys" class="inline-form">
          <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />
          <label>{t('keys.name')}<input name="name" required maxlength={40} value={name ?? ''} placeholder="shop" /></label>
          <button type="submit">{t('keys.create')}</button>
        </form>
        <p class="muted small">{t('keys.hint')}</p>
      </section>
    </Layout>
  );
}
