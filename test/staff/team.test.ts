// A team, not an account: admins add staff, set passwords and deactivate accounts on
// /settings/staff; everyone changes their own password; a `staff` user gets 403 on admin pages.
import { describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/app.ts';
import { ADMIN_PASSWORD, ADMIN_USER, createAdmin, createStaff, signIn, STAFF_PASSWORD, STAFF_USER } from '../helpers/staff.ts';

const EN = { 'Accept-Language': 'en' };

async function setup() {
  const env = makeApp();
  await createAdmin(env.store);
  const admin = await signIn(env.app, ADMIN_USER, ADMIN_PASSWORD, EN);
  return { env, admin };
}

describe('staff accounts through the pages', () => {
  it('an admin adds a staff member, who signs in with their own password', async () => {
    const { env, admin } = await setup();
    const res = await admin.postForm('/settings/staff', { username: 'ben', password: 'bens own password', role: 'staff', _csrf: await admin.csrf() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings/staff?done=user_added');
    const page = await (await admin.get('/settings/staff?done=user_added', EN)).text();
    expect(page).toContain('The account was added.');
    expect(page).toContain('<strong>ben</strong>');
    expect(page).toContain(`<strong>${ADMIN_USER}</strong> added the account ben (Staff)`);
    const ben = await signIn(env.app, 'ben', 'bens own password');
    expect(ben.status).toBe(303);
    expect((await ben.get('/calls')).status).toBe(200);
    expect((await env.store.getStaffUserByName('ben'))!.lastLoginAt).not.toBeNull();
  });

  it('refuses bad input with a reason and keeps what was typed', async () => {
    const { admin } = await setup();
    const post = async (fields: Record<string, string>) => admin.postForm('/settings/staff', { ...fields, _csrf: await admin.csrf() }, EN);
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ username: 'b en', password: 'long enough pw', role: 'staff' }, 400, 'A username is 1 to 64 letters'],
      [{ username: 'ben', password: 'short', role: 'staff' }, 400, 'at least 8 characters'],
      [{ username: 'ben', password: 'long enough pw', role: 'boss' }, 400, 'choose a role'],
      [{ username: ADMIN_USER, password: 'long enough pw', role: 'staff' }, 409, 'already exists'],
    ];
    for (const [fields, status, text] of cases) {
      const res = await post(fields);
      expect(res.status, JSON.stringify(fields)).toBe(status);
      const html = await res.text();
      expect(html).toContain(text);
      expect(html).toContain(`value="${fields.username}"`);
    }
  });

  it('a staff user gets 403 on every admin page and endpoint, and changes nothing', async () => {
    const { env } = await setup();
    const target = (await createStaff(env.store))!;
    const staff = await signIn(env.app, STAFF_USER, STAFF_PASSWORD, EN);
    for (const path of ['/settings/staff', '/settings/api-keys']) {
      const res = await staff.get(path, EN);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('For administrators only');
    }
    const csrf = await staff.csrf();
    const posts: Array<[string, Record<string, string>]> = [
      ['/settings/staff', { username: 'mallory', password: 'long enough pw', role: 'admin' }],
      [`/settings/staff/${target.id}/password`, { password: 'taken over pw' }],
      [`/settings/staff/${target.id}/disable`, {}],
      ['/settings/api-keys', { name: 'sneaky' }],
    ];
    for (const [path, fields] of posts) expect((await staff.postForm(path, { ...fields, _csrf: csrf })).status, path).toBe(403);
    expect(await env.store.getStaffUserByName('mallory')).toBeNull();
    expect(await env.store.listApiKeys()).toEqual([]);
    // The navigation offers staff no admin link.
    expect(await (await staff.get('/', EN)).text()).not.toContain('/settings/staff');
  });

  it('a password reset ends the user\'s sessions; a deactivated user is out at once and cannot sign in', async () => {
    const { env, admin } = await setup();
    const ben = (await createStaff(env.store, 'ben', 'bens first password'))!;
    const session = await signIn(env.app, 'ben', 'bens first password');
    expect((await session.get('/')).status).toBe(200);

    expect((await admin.postForm(`/settings/staff/${ben.id}/password`, { password: 'bens second password', _csrf: await admin.csrf() })).status).toBe(303);
    expect((await session.get('/')).status).toBe(303);
    expect((await signIn(env.app, 'ben', 'bens first password')).status).toBe(401);
    const again = await signIn(env.app, 'ben', 'bens second password');
    expect((await again.get('/')).status).toBe(200);

    expect((await admin.postForm(`/settings/staff/${ben.id}/disable`, { _csrf: await admin.csrf() })).status).toBe(303);
    const out = await again.get('/calls');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toMatch(/^\/login/);
    const refused = await signIn(env.app, 'ben', 'bens second password', EN);
    expect(refused.status).toBe(403);

    const page = await (await admin.get('/settings/staff', EN)).text();
    expect(page).toContain('deactivated since');
    expect(page).toContain('set a new password for ben');
    expect(page).toContain('deactivated ben');
    expect((await admin.postForm(`/settings/staff/${ben.id}/enable`, { _csrf: await admin.csrf() })).status).toBe(303);
    expect((await signIn(env.app, 'ben', 'bens second password')).status).toBe(303);
  });

  it('an admin cannot deactivate themselves or the last admin', async () => {
    const { env, admin } = await setup();
    const me = (await env.store.getStaffUserByName(ADMIN_USER))!;
    const res = await admin.postForm(`/settings/staff/${me.id}/disable`, { _csrf: await admin.csrf() }, EN);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('You cannot deactivate your own account.');
    expect((await env.store.getStaffUser(me.id))!.disabledAt).toBeNull();
  });

  it('everyone changes their own password; the current one must be right, other sessions end', async () => {
    const { env } = await setup();
    await createStaff(env.store);
    const here = await signIn(env.app, STAFF_USER, STAFF_PASSWORD, EN);
    const elsewhere = await signIn(env.app, STAFF_USER, STAFF_PASSWORD);
    expect(await (await here.get('/account', EN)).text()).toContain('Change your password');
    const wrong = await here.postForm('/account/password', { current: 'not it', password: 'a new password', repeat: 'a new password', _csrf: await here.csrf() }, EN);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('Your current password is not right.');
    const differs = await here.postForm('/account/password', { current: STAFF_PASSWORD, password: 'a new password', repeat: 'another one!', _csrf: await here.csrf() }, EN);
    expect(differs.status).toBe(400);
    const ok = await here.postForm('/account/password', { current: STAFF_PASSWORD, password: 'a new password', repeat: 'a new password', _csrf: await here.csrf() });
    expect(ok.headers.get('location')).toBe('/account?done=password_changed');
    expect((await here.get('/')).status).toBe(200);
    expect((await elsewhere.get('/')).status).toBe(303);
    expect((await signIn(env.app, STAFF_USER, 'a new password')).status).toBe(303);
    const user = (await env.store.getStaffUserByName(STAFF_USER))!;
    expect((await env.store.listRecentAudit(['staff_user'], 5)).map((a) => [a.entityId, a.field, a.actor])[0]).toEqual([user.id, 'password', STAFF_USER]);
  });
});

describe('API keys through the pages', () => {
  it('a key is shown once, listed by name and prefix, and revoked with a history entry', async () => {
    const { env, admin } = await setup();
    const res = await admin.postForm('/settings/api-keys', { name: 'shop', _csrf: await admin.csrf() }, EN);
    const html = await res.text();
    expect(res.headers.get('cache-control')).toBe('no-store');
    const key = /<code class="secret">([^<]+)<\/code>/.exec(html)![1]!;
    expect(html).toContain('it is shown only this once');
    expect(html).toContain(`Authorization: Bearer ${key}`);
    const list = await (await admin.get('/settings/api-keys', EN)).text();
    expect(list).not.toContain(key);
    expect(list).toContain(`<code>${key.slice(0, 11)}…</code>`);
    // A second active key of the same name would make the history ambiguous.
    const dup = await admin.postForm('/settings/api-keys', { name: 'shop', _csrf: await admin.csrf() }, EN);
    expect(dup.status).toBe(409);
    const id = (await env.store.listApiKeys())[0]!.id;
    await admin.postForm(`/settings/api-keys/${id}/revoke`, { _csrf: await admin.csrf() });
    const after = await (await admin.get('/settings/api-keys?done=key_revoked', EN)).text();
    expect(after).toContain('The API key was revoked.');
    expect(after).toMatch(/revoked .* by zoe/);
    const team = await (await admin.get('/settings/staff', EN)).text();
    expect(team).toContain('created the API key “shop”');
    expect(team).toContain('revoked the API key “shop”');
  });
});
