import type { ApiKey, AuditEntry, StaffUser } from '../domain/index.ts';
import { ActorName, Notice } from './components.tsx';
import { formatDateTime } from './format.ts';
import { Layout } from './layout.tsx';
import type { Ui } from './ui.ts';

export interface StaffForm {
  username: string;
  role: string;
}

export interface StaffSettingsProps {
  ui: Ui;
  users: StaffUser[];
  keys: ApiKey[];
  audit: AuditEntry[];
  /** The signed-in admin's id: they cannot disable themselves. */
  me: number;
  done?: string;
  error?: string;
  form?: StaffForm;
}

/** The two admin pages' shared heading and links. */
export function SettingsNav({ ui }: { ui: Ui }) {
  const { t } = ui;
  const here = ui.here.split('?')[0];
  return (
    <nav class="subnav" aria-label={t('settings.title')}>
      {[['/settings/staff', 'settings.staff'], ['/settings/api-keys', 'settings.api_keys']].map(([href, key]) => (
        <a href={href} aria-current={here === href ? 'page' : undefined}>{t(key!)}</a>
      ))}
    </nav>
  );
}

function Csrf({ ui }: { ui: Ui }) {
  return <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />;
}

function UserRow({ ui, u, me }: { ui: Ui; u: StaffUser; me: number }) {
  const { t, lang } = ui;
  return (
    <tr class={u.disabledAt ? 'off-row' : undefined}>
      <td><strong>{u.username}</strong>{u.id === me && <span class="muted small"> ({t('settings.you')})</span>}</td>
      <td><span class={`badge r-${u.role}`}>{t(`role.${u.role}`)}</span></td>
      <td>{u.disabledAt ? t('settings.disabled_since', { time: formatDateTime(u.disabledAt, lang) }) : t('settings.active')}</td>
      <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt, lang) : <span class="muted">{t('settings.never')}</span>}</td>
      <td>
        <div class="actions">
          <form method="post" action={`/settings/staff/${u.id}/password`} class="inline-form">
            <Csrf ui={ui} />
            <label>
              <span class="sr">{t('settings.new_password_for', { name: u.username })}</span>
              <input type="password" name="password" autocomplete="new-password" minlength={8} required placeholder={t('settings.new_password')} />
            </label>
            <button type="submit" class="secondary">{t('settings.reset_password')}</button>
          </form>
          {u.id !== me && (
            <form method="post" action={`/settings/staff/${u.id}/${u.disabledAt ? 'enable' : 'disable'}`} class="inline-form">
              <Csrf ui={ui} />
              <button type="submit" class={u.disabledAt ? 'secondary' : 'danger'}>{t(u.disabledAt ? 'settings.enable' : 'settings.disable')}</button>
            </form>
          )}
        </div>
      </td>
    </tr>
  );
}

/** One line of the team's change history, naming the account or key it is about. */
function HistoryLine({ ui, e, users, keys }: { ui: Ui; e: AuditEntry; users: Map<number, string>; keys: Map<number, string> }) {
  const { t, lang } = ui;
  const target = e.entity === 'staff_user' ? (users.get(e.entityId) ?? `#${e.entityId}`) : (keys.get(e.entityId) ?? e.newValue ?? `#${e.entityId}`);
  const what = t(`settings.history.${e.entity}_${e.field}`, { target, role: e.newValue ? t(`role.${e.newValue}`, { defaultValue: e.newValue }) : '', defaultValue: `${e.field}: ${target}` });
  return (
    <li>
      <time datetime={e.at.toISOString()}>{formatDateTime(e.at, lang)}</time> <ActorName ui={ui} actor={e.actor} /> {what}
    </li>
  );
}

export function StaffSettingsPage({ ui, users, keys, audit, me, done, error, form }: StaffSettingsProps) {
  const { t } = ui;
  const names = new Map(users.map((u) => [u.id, u.username]));
  const keyNames = new Map(keys.map((k) => [k.id, k.name]));
  return (
    <Layout ui={ui} title={t('settings.staff')}>
      <SettingsNav ui={ui} />
      <h1>{t('settings.staff')}</h1>
      <Notice ui={ui} done={done} />
      {error && <p class="notice error" role="alert">{t(`account_error.${error}`)}</p>}
      <section class="card">
        <h2>{t('settings.accounts')}</h2>
        <div class="table-wrap flat">
          <table class="stack-sm">
            <thead><tr><th>{t('login.username')}</th><th>{t('settings.role')}</th><th>{t('settings.state')}</th><th>{t('settings.last_login')}</th><th>{t('settings.actions')}</th></tr></thead>
            <tbody>{users.map((u) => <UserRow ui={ui} u={u} me={me} />)}</tbody>
          </table>
        </div>
        <p class="muted small">{t('settings.roles_hint')}</p>
      </section>
      <section class="card">
        <h2>{t('settings.add_user')}</h2>
        <form method="post" action="/settings/staff" class="inline-form add-user">
          <Csrf ui={ui} />
          <label>{t('login.username')}<input name="username" autocomplete="off" required maxlength={64} value={form?.username ?? ''} /></label>
          <label>{t('login.password')}<input name="password" type="password" autocomplete="new-password" minlength={8} required /></label>
          <label>{t('settings.role')}
            <select name="role">
              {(['staff', 'admin'] as const).map((r) => <option value={r} selected={(form?.role ?? 'staff') === r}>{t(`role.${r}`)}</option>)}
            </select>
          </label>
          <button type="submit">{t('settings.add')}</button>
        </form>
        <p class="muted small">{t('settings.cli_hint')}</p>
      </section>
      <section class="card">
        <h2>{t('settings.history_title')}</h2>
        {audit.length === 0 ? <p class="muted">{t('audit.empty')}</p> : (
          <ol class="audit">{audit.map((e) => <HistoryLine ui={ui} e={e} users={names} keys={keyNames} />)}</ol>
        )}
      </section>
    </Layout>
  );
}
