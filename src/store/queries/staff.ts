import { and, count, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import type { StaffStore } from '../ports/staff.ts';
import { toSession } from '../row-mappers.ts';
import type { Shared } from './context.ts';

type Sessions = Pick<StaffStore, 'createSession' | 'getSession' | 'deleteSession' | 'recordLoginFailure' | 'deleteLoginFailures' | 'countLoginFailures' | 'clearLoginFailures' | 'pruneStaffData'>;

/** Server-side sessions and the failed-login log (accounts themselves: staff-users.ts). */
export function staffQueries({ db, t }: Shared): Sessions {
  const { staffUsers, staffSessions, loginFailures } = t;
  return {
    async createSession(s, at) {
      await db.insert(staffSessions).values({ id: s.idHash, userId: s.userId, csrfToken: s.csrfToken, expiresAt: s.expiresAt, createdAt: at });
    },
    async getSession(idHash, now) {
      const [r] = await db
        .select({ id: staffSessions.id, userId: staffSessions.userId, username: staffUsers.username, role: staffUsers.role, csrfToken: staffSessions.csrfToken, expiresAt: staffSessions.expiresAt })
        .from(staffSessions)
        .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
        // A disabled account's sessions stop at the next request, wherever they were opened.
        .where(and(eq(staffSessions.id, idHash), gt(staffSessions.expiresAt, now), isNull(staffUsers.disabledAt)));
      return r ? toSession(r) : null;
    },
    async deleteSession(idHash) {
      await db.delete(staffSessions).where(eq(staffSessions.id, idHash));
    },
    async recordLoginFailure(keys, at) {
      if (!keys.length) return [];
      const rows = await db.insert(loginFailures).values(keys.map((key) => ({ key, at }))).returning({ id: loginFailures.id });
      return rows.map((r) => r.id);
    },
    async deleteLoginFailures(ids) {
      if (ids.length) await db.delete(loginFailures).where(inArray(loginFailures.id, ids));
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
