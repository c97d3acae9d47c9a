import { describe, expect, it } from 'vitest';
import type { Ctx } from './contract.ts';
import { at } from './fixtures.ts';

export function staffContract(store: Ctx): void {
  describe('staff accounts, sessions, login failures', () => {
    it('creates accounts with unique names', async () => {
      expect(await store().countStaffUsers()).toBe(0);
      const u = await store().createStaffUser('anna', 'hash-1', at(0));
      expect(u).toMatchObject({ username: 'anna', passwordHash: 'hash-1' });
      expect(u!.createdAt).toEqual(at(0));
      expect(await store().createStaffUser('anna', 'hash-2', at(1))).toBeNull();
      expect(await store().countStaffUsers()).toBe(1);
      expect(await store().getStaffUserByName('anna')).toEqual(u);
      expect(await store().getStaffUserByName('bob')).toBeNull();
    });

    it('a session lives until it expires or is deleted', async () => {
      const u = (await store().createStaffUser('anna', 'h', at(0)))!;
      await store().createSession({ idHash: 'abc', userId: u.id, csrfToken: 'csrf-1', expiresAt: at(3600) }, at(0));
      const s = await store().getSession('abc', at(10));
      expect(s).toEqual({ id: 'abc', userId: u.id, username: 'anna', role: 'staff', csrfToken: 'csrf-1', expiresAt: at(3600) });
      expect(await store().getSession('abc', at(3600))).toBeNull();
      expect(await store().getSession('nope', at(10))).toBeNull();
      await store().deleteSession('abc');
      expect(await store().getSession('abc', at(10))).toBeNull();
    });

    it('counts failures per key since a time (the worst key counts) and clears them', async () => {
      await store().recordLoginFailure(['user:anna', 'ip:1.2.3.4'], at(10));
      await store().recordLoginFailure(['user:anna'], at(20));
      await store().recordLoginFailure(['user:anna'], at(30));
      await store().recordLoginFailure([], at(30));
      expect(await store().countLoginFailures(['user:anna', 'ip:1.2.3.4'], at(0))).toBe(3);
      expect(await store().countLoginFailures(['ip:1.2.3.4'], at(0))).toBe(1);
      expect(await store().countLoginFailures(['user:anna'], at(10))).toBe(2); // strictly after `since`
      expect(await store().countLoginFailures([], at(0))).toBe(0);
      await store().clearLoginFailures(['user:anna']);
      expect(await store().countLoginFailures(['user:anna', 'ip:1.2.3.4'], at(0))).toBe(1);
      // An attempt is recorded first and taken back by its ids when it was right.
      const ids = await store().recordLoginFailure(['user:ben', 'ip:5.6.7.8'], at(40));
      expect(ids).toHaveLength(2);
      await store().recordLoginFailure(['user:ben'], at(41));
      await store().deleteLoginFailures(ids);
      expect(await store().countLoginFailures(['user:ben'], at(0))).toBe(1);
      expect(await store().countLoginFailures(['ip:5.6.7.8'], at(0))).toBe(0);
      await store().deleteLoginFailures([]);
    });

    it('prunes expired sessions and old failures only', async () => {
      const u = (await store().createStaffUser('anna', 'h', at(0)))!;
      await store().createSession({ idHash: 'old', userId: u.id, csrfToken: 'c', expiresAt: at(100) }, at(0));
      await store().createSession({ idHash: 'new', userId: u.id, csrfToken: 'c', expiresAt: at(10_000) }, at(0));
      await store().recordLoginFailure(['k'], at(50));
      await store().recordLoginFailure(['k'], at(500));
      await store().pruneStaffData(at(200), at(400));
      expect(await store().getSession('new', at(0))).not.toBeNull();
      expect(await store().getSession('old', at(0))).toBeNull();
      expect(await store().countLoginFailures(['k'], at(0))).toBe(1);
    });
  });
}
