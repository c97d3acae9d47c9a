import { and, count, eq, gt, inArray, lt } from 'drizzle-orm';
import type { StaffStore } from '../ports/staff.ts';
import type { SqliteDb } from './db.ts';
import { loginFailures, staffSessions, staffUsers } from './schema.ts';

export function createSqliteStaffStore(db: SqliteDb): StaffStore {
  return {
    async countStaffUsers() {
      return db.select({ n: count() }).from(staffUsers).get()!.n;
    },
    async createStaffUser(username, passwordHash, at) {
      const row = db.insert(staffUsers).values({ username, passwordHash, createdAt: at }).onConflictDoNothing().returning().get();
      return row ?? null;
    },
    async getStaffUserByName(username) {
      return db.select().from(staffUsers).where(eq(staffUsers.username, username)).get() ?? null;
    },
    async createSession(s, at) {
      db.insert(staffSessions).values({ id: s.idHash, userId: s.userId, csrfToken: s.csrfToken, expiresAt: s.expiresAt, createdAt: at }).run();
    },
    async getSession(idHash, now) {
      const r = db
        .select({ id: staffSessions.id, userId: staffSessions.userId, username: staffUsers.username, csrfToken: staffSessions.csrfToken, expiresAt: staffSessions.expiresAt })
        .from(staffSessions)
        .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
        .where(and(eq(staffSessions.id, idHash), gt(staffSessions.expiresAt, now)))
        .get();
      return r ?? null;
    },
    async deleteSession(idHash) {
      db.delete(staffSessions).where(eq(staffSessions.id, idHash)).run();
    },
    async recordLoginFailure(keys, at) {
      if (keys.length) db.insert(loginFailures).values(keys.map((key) => ({ key, at }))).run();
    },
    async countLoginFailures(keys, since) {
      if (!keys.length) return 0;
      const rows = db
        .select({ n: count() })
        .from(loginFailures)
        .where(and(inArray(loginFailures.key, keys), gt(loginFailures.at, since)))
        .groupBy(loginFailures.key)
        .all();
      return rows.reduce((m, r) => Math.max(m, r.n), 0);
    },
    async clearLoginFailures(keys) {
      if (keys.length) db.delete(loginFailures).where(inArray(loginFailures.key, keys)).run();
    },
    async pruneStaffData(now, failuresBefore) {
      db.delete(staffSessions).where(lt(staffSessions.expiresAt, now)).run();
      db.delete(loginFailures).where(lt(loginFailures.at, failuresBefore)).run();
    },
  };
}

