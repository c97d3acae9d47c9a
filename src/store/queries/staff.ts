import { and, count, eq, gt, inArray, lt } from 'drizzle-orm';
import type { StaffStore } from '../ports/staff.ts';
import type { Shared } from './context.ts';

export function staffQueries({ db, t }: Shared): StaffStore {
  const { staffUsers, staffSessions, loginFailures } = t;
  return {
    async countStaffUsers() {
      const [r] = await db.select({ n: count() }).from(staffUsers);
      return r!.n;
    },
    async createStaffUser(username, passwordHash, at) {
      const [row] = await db.insert(staffUsers).values({ username, passwordHash, createdAt: at }).onConflictDoNothing().returning();
      return row ?? null;
    },
    async getStaffUserByName(username) {
      const [r] = await db.select().from(staffUsers).where(eq(staffUsers.username, username));
      return r ?? null;
    },
    async createSession(s, at) {
      await db.insert(staffSessions).values({ id: s.idHash, userId: s.userId, csrfToken: s.csrfToken, expiresAt: s.expiresAt, createdAt: at });
    },
    async getSession(idHash, now) {
      const [r] = await db
        .select({ id: staffSessions.id, userId: staffSessions.userId, username: staffUsers.username, csrfToken: staffSessions.csrfToken, expiresAt: staffSessions.expiresAt })
        .from(staffSessions)
        .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
        .where(and(eq(staffSessions.id, idHash), gt(staffSessions.expiresAt, now)));
      return r ?? null;
    },
    async deleteSession(idHash) {
      await db.delete(staffSessions).where(eq(staffSessions.id, idHash));
    },
    async recordLoginFailure(keys, at) {
      if (keys.length) await db.insert(loginFailures).values(keys.map((key) => ({ key, at })));
    },
    async countLoginFailures(keys, since) {
      if (!keys.length) return 0;
      const rows = await db
        .select({ n: count() })
        .from(loginFailures)
        .where(and(inArray(loginFailures.key, keys), gt(loginFailures.at, since)))
        .groupBy(loginFailures.key);
      return rows.reduce((m, r) => Math.max(m, r.n), 0);
    },
    async clearLoginFailures(keys) {
      if (keys.length) await db.delete(loginFailures).where(inArray(loginFailures.key, keys));
    },
    async pruneStaffData(now, failuresBefore) {
      await db.delete(staffSessions).where(lt(staffSessions.expiresAt, now));
      await db.delete(loginFailures).where(lt(loginFailures.at, failuresBefore));
    },
  };
}
