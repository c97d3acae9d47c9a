// Admin pages: the team's accounts and the shop's API keys. Every change is audited by the store;
// a `staff` user gets 403 here (requireAdmin).
import { Hono, type Context } from 'hono';
import { isStaffRole } from '../../../domain/index.ts';
import { ErrorPage } from '../../../views/error.tsx';
import { ApiKeysPage } from '../../../views/settings-api-keys.tsx';
import { StaffSettingsPage, type StaffForm } from '../../../views/settings-staff.tsx';
import { passwordProblem, usernameProblem } from '../../auth/account-rules.ts';
import { newApiKey } from '../../auth/api-keys.ts';
import { hashPassword } from '../../auth/password.ts';
import { requireAdmin, type StaffEnv } from '../../middleware/session.ts';
import type { AppDeps } from '../../types.ts';
import { html, idParam, uiOf } from './render.ts';

const HISTORY = 50;
const KEY_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,39}$/u;

export function settingsRoutes(deps: AppDeps) {
  const { store, logger } = deps;
  const now = deps.clock ?? (() => new Date());
  const app = new Hono<StaffEnv>();
  const forbidden = (c: Context<StaffEnv>) => html(c, <ErrorPage ui={uiOf(c)} status={403} reason="admin_only" />, 403);
  app.use('/settings/*', requireAdmin(forbidden));
  const me = (c: Context<StaffEnv>) => c.get('session')!;
  const field = (body: Record<string, unknown>, k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');

  async function staffPage(c: Context<StaffEnv>, extra: { error?: string; form?: StaffForm } = {}, status: 200 | 400 | 404 | 409 = 200) {
    const [users, keys, audit] = await Promise.all([store.listStaffUsers(), store.listApiKeys(), store.listRecentAudit(['staff_user', 'api_key'], HISTORY)]);
    return html(c, <StaffSettingsPage ui={uiOf(c)} users={users} keys={keys} audit={audit} me={me(c).userId} done={c.req.query('done')} {...extra} />, status);
  }

  app.get('/settings/staff', (c) => staffPage(c));

  app.post('/settings/staff', async (c) => {
    const body = await c.req.parseBody();
    const form: StaffForm = { username: field(body, 'username').trim(), role: field(body, 'role') };
    const password = field(body, 'password');
    const problem = usernameProblem(form.username) ?? (isStaffRole(form.role) ? null : { code: 'role_invalid' }) ?? passwordProblem(password, form.username);
    if (problem) return staffPage(c, { error: problem.code, form }, 400);
    const user = await store.createStaffUser(form.username, await hashPassword(password), now(), { role: form.role as 'admin' | 'staff', actor: me(c).username });
    if (!user) return staffPage(c, { error: 'username_taken', form }, 409);
    logger.info({ by: me(c).username, username: user.username, role: user.role }, 'staff account added');
    return c.redirect('/settings/staff?done=user_added', 303);
  });

  app.post('/settings/staff/:id/password', async (c) => {
    const user = await userOf(c);
    if (!user) return staffPage(c, { error: 'user_not_found' }, 404);
    const password = field(await c.req.parseBody(), 'password');
    const problem = passwordProblem(password, user.username);
    if (problem) return staffPage(c, { error: problem.code }, 400);
    // Their sessions end (whoever knew the old password is out); an admin resetting their own stays in.
    await store.setStaffPassword(user.id, await hashPassword(password), me(c).username, now(), user.id === me(c).userId ? { keepSession: me(c).id } : {});
    logger.info({ by: me(c).username, username: user.username }, 'staff password reset');
    return c.redirect('/settings/staff?done=password_reset', 303);
  });

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/settings/staff/:id/${action}`, async (c) => {
      const user = await userOf(c);
      if (!user) return staffPage(c, { error: 'user_not_found' }, 404);
      if (disabled && user.id === me(c).userId) return staffPage(c, { error: 'cannot_disable_self' }, 409);
      const res = await store.setStaffDisabled(user.id, disabled, me(c).username, now());
      if (res.kind === 'last_admin') return staffPage(c, { error: 'last_admin' }, 409);
      if (res.kind === 'changed') logger.info({ by: me(c).username, username: user.username }, disabled ? 'staff account disabled' : 'staff account enabled');
      return c.redirect(`/settings/staff?done=${disabled ? 'user_disabled' : 'user_enabled'}`, 303);
    });
  }

  async function userOf(c: Context<StaffEnv>) {
    const id = idParam(c.req.param('id'));
    return id ? store.getStaffUser(id) : null;
  }

  const keysPage = async (c: Context<StaffEnv>, extra: { error?: string; created?: { name: string; key: string }; name?: string } = {}, status: 200 | 400 | 404 | 409 = 200) =>
    html(c, <ApiKeysPage ui={uiOf(c)} keys={await store.listApiKeys()} done={c.req.query('done')} base={deps.config.publicBaseUrl} {...extra} />, status);

  app.get('/settings/api-keys', (c) => keysPage(c));

  app.post('/settings/api-keys', async (c) => {
    const name = field(await c.req.parseBody(), 'name').trim();
    if (!KEY_NAME.test(name)) return keysPage(c, { error: 'key_name_invalid', name }, 400);
    const k = newApiKey();
    const created = await store.createApiKey({ name, prefix: k.prefix, keyHash: k.keyHash }, me(c).username, now());
    if (!created) return keysPage(c, { error: 'key_name_taken', name }, 409);
    logger.info({ by: me(c).username, key: name }, 'API key created');
    // Shown in this answer only (never in a URL, a log or the database), which no cache keeps (html() says no-store).
    return keysPage(c, { created: { name, key: k.key } });
  });

  app.post('/settings/api-keys/:id/revoke', async (c) => {
    const id = idParam(c.req.param('id'));
    const res = id ? await store.revokeApiKey(id, me(c).username, now()) : { kind: 'not_found' as const };
    if (res.kind === 'not_found') return keysPage(c, { error: 'key_not_found' }, 404);
    if (res.kind === 'changed') logger.info({ by: me(c).username, key: res.value.name }, 'API key revoked');
    return c.redirect('/settings/api-keys?done=key_revoked', 303);
  });

  return app;
}
