import { describe, expect, it } from 'vitest';
import type { Ctx } from './contract.ts';
import { at } from './fixtures.ts';

export function accountsContract(store: Ctx): void {
  describe('staff accounts: roles, passwords, deactivation', () => {
    it('lists accounts with their roles, active first; records sign-ins', async () => {
      const admin = (await store().createStaffUser('zoe', 'h', at(0), { role: 'admin' }))!;
      const staff = (await store().createStaffUser('anna', 'h', at(1), { actor: 'zoe' }))!;
      expect(admin.role).toBe('admin');
      expect(staff).toMatchObject({ role: 'staff', disabledAt: null, lastLoginAt: null });
      expect(await store().getStaffUser(staff.id)).toEqual(staff);
      expect(await store().getStaffUser(999999)).toBeNull();
      await store().recordStaffLogin(staff.id, at(5));
      expect((await store().getStaffUser(staff.id))!.lastLoginAt).toEqual(at(5));
      await store().setStaffDisabled(staff.id, true, 'zoe', at(6));
      expect((await store().listStaffUsers()).map((u) => u.username)).toEqual(['zoe', 'anna']);
      const recent = await store().listRecentAudit(['staff_user'], 10);
      expect(recent.map((a) => [a.entityId, a.field, a.newValue, a.actor])).toEqual([
        [staff.id, 'disabled', null, 'zoe'],
        [staff.id, 'created', 'staff', 'zoe'],
        [admin.id, 'created', 'admin', null],
      ]);
      expect(await store().listRecentAudit([], 10)).toEqual([]);
    });

    it('a new password ends the other sessions, and a disabled account signs in nowhere', async () => {
      const u = (await store().createStaffUser('anna', 'old', at(0)))!;
      for (const id of ['s1', 's2']) await store().createSession({ idHash: id, userId: u.id, csrfToken: 'c', expiresAt: at(3600) }, at(0));
      expect(await store().setStaffPassword(u.id, 'new', 'anna', at(10), { keepSession: 's1' })).toBe(true);
      expect((await store().getStaffUser(u.id))!.passwordHash).toBe('new');
      expect(await store().getSession('s1', at(20))).not.toBeNull();
      expect(await store().getSession('s2', at(20))).toBeNull();
      expect(await store().setStaffPassword(u.id, 'newer', 'cli:root', at(30))).toBe(true);
      expect(await store().getSession('s1', at(40))).toBeNull();
      expect(await store().setStaffPassword(999999, 'x', 'cli:root', at(30))).toBe(false);

      await store().createSession({ idHash: 's3', userId: u.id, csrfToken: 'c', expiresAt: at(3600) }, at(50));
      // A session whose account is disabled stops at once, even one not deleted (another edge's).
      const d = await store().setStaffDisabled(u.id, true, 'zoe', at(60));
      expect(d).toMatchObject({ kind: 'changed', value: { username: 'anna' } });
      expect(d.kind === 'changed' && d.value.disabledAt).toEqual(at(60));
      expect(await store().getSession('s3', at(61))).toBeNull();
      expect(await store().setStaffDisabled(u.id, true, 'zoe', at(62))).toMatchObject({ kind: 'unchanged' });
      expect(await store().setStaffDisabled(u.id, false, 'zoe', at(63))).toMatchObject({ kind: 'changed', value: { disabledAt: null } });
      expect(await store().setStaffDisabled(999999, true, 'zoe', at(63))).toEqual({ kind: 'not_found' });
      const fields = (await store().listRecentAudit(['staff_user'], 10)).map((a) => a.field);
      expect(fields).toEqual(['enabled', 'disabled', 'password', 'password', 'created']);
    });

    it('refuses to disable the last active admin', async () => {
      const a = (await store().createStaffUser('admin', 'h', at(0), { role: 'admin' }))!;
      expect(await store().setStaffDisabled(a.id, true, 'admin', at(1))).toEqual({ kind: 'last_admin' });
      const b = (await store().createStaffUser('boss', 'h', at(2), { role: 'admin' }))!;
      expect((await store().setStaffDisabled(a.id, true, 'boss', at(3))).kind).toBe('changed');
      expect(await store().setStaffDisabled(b.id, true, 'boss', at(4))).toEqual({ kind: 'last_admin' });
    });
  });

  describe('API keys', () => {
    it('creates keys (one active per name), finds them by hash, revokes them, audited', async () => {
      const k = await store().createApiKey({ name: 'shop', prefix: 'liza_abc', keyHash: 'h1' }, 'zoe', at(0));
      expect(k).toEqual({ id: k!.id, name: 'shop', prefix: 'liza_abc', createdBy: 'zoe', createdAt: at(0), lastUsedAt: null, revokedAt: null, revokedBy: null });
      expect(k).not.toHaveProperty('keyHash');
      expect(await store().createApiKey({ name: 'shop', prefix: 'liza_def', keyHash: 'h2' }, 'zoe', at(1))).toBeNull();
      expect(await store().findApiKey('h1')).toEqual(k);
      expect(await store().findApiKey('nope')).toBeNull();

      await store().touchApiKey(k!.id, at(10));
      await store().touchApiKey(k!.id, at(30)); // within the minute: not written again
      expect((await store().findApiKey('h1'))!.lastUsedAt).toEqual(at(10));
      await store().touchApiKey(k!.id, at(71));
      expect((await store().findApiKey('h1'))!.lastUsedAt).toEqual(at(71));

      const r = await store().revokeApiKey(k!.id, 'zoe', at(100));
      expect(r).toMatchObject({ kind: 'changed', value: { revokedBy: 'zoe' } });
      expect((await store().findApiKey('h1'))!.revokedAt).toEqual(at(100));
      expect(await store().revokeApiKey(k!.id, 'zoe', at(101))).toMatchObject({ kind: 'unchanged' });
      expect(await store().revokeApiKey(999999, 'zoe', at(101))).toEqual({ kind: 'not_found' });
      // The name is free again once its key is revoked.
      const k2 = await store().createApiKey({ name: 'shop', prefix: 'liza_ghi', keyHash: 'h3' }, 'zoe', at(200));
      expect((await store().listApiKeys()).map((x) => [x.id, x.revokedAt === null])).toEqual([[k2!.id, true], [k!.id, false]]);
      expect((await store().listRecentAudit(['api_key'], 10)).map((a) => [a.field, a.newValue])).toEqual([['created', 'shop'], ['revoked', 'shop'], ['created', 'shop']]);
    });
  });
}
