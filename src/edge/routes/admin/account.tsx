import { Hono } from 'hono';
import { AccountPage } from '../../../views/account.tsx';
import { passwordProblem } from '../../auth/account-rules.ts';
import { hashPassword, verifyPassword } from '../../auth/password.ts';
import type { StaffEnv } from '../../middleware/session.ts';
import type { AppDeps } from '../../types.ts';
import { html, uiOf } from './render.ts';

/** Every staff member's own account page: change the password (the current one proves it is them). */
export function accountRoutes(deps: AppDeps) {
  const { store, logger } = deps;
  const now = deps.clock ?? (() => new Date());
  const app = new Hono<StaffEnv>();

  app.get('/account', (c) => html(c, <AccountPage ui={uiOf(c)} done={c.req.query('done')} />));

  app.post('/account/password', async (c) => {
    const session = c.get('session')!;
    const body = await c.req.parseBody();
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const page = (error: string, status: 400 | 403) => html(c, <AccountPage ui={uiOf(c)} error={error} />, status);
    const user = await store.getStaffUser(session.userId);
    if (!user || !(await verifyPassword(str('current').slice(0, 1000), user.passwordHash))) return page('current_wrong', 403);
    const password = str('password');
    const problem = passwordProblem(password, user.username);
    if (problem) return page(problem.code, 400);
    if (password !== str('repeat')) return page('repeat_differs', 400);
    // This browser stays signed in; every other session of the account ends.
    await store.setStaffPassword(user.id, await hashPassword(password), user.username, now(), { keepSession: session.id });
    logger.info({ username: user.username }, 'staff changed their password');
    return c.redirect('/account?done=password_changed', 303);
  });

  return app;
}
