// Staff accounts: each change with its audit entry (entity `staff_user`) in one transaction.
import { and, asc, count, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { StaffStore } from '../ports/staff.ts';
import { toAudit, toStaffUser } from '../row-mappers.ts';
import { insertAudit } from './audit.ts';
import type { Shared } from './context.ts';
import { run } from './tx.ts';

type Accounts = Pick<
  StaffStore,
  'countStaffUsers' | 'createStaffUser' | 'getStaffUserByName' | 'getStaffUser' | 'listStaffUsers' | 'setStaffPassword' | 'setStaffDisabled' | 'recordStaffLogin' | 'listRecentAudit'
>;

export function staffUserQueries({ db, t, dialect }: Shared): Accounts {
  const { staffUsers: u, staffSessions } = t;
  return {
    async countStaffUsers() {
      const [r] = await db.select({ n: count() }).from(u);
      return r!.n;
    },

    createStaffUser: (username, passwordHash, at, opts = {}) =>
      dialect.tx(function* (tx) {
        const role = opts.role ?? 'staff';
        const [row] = yield* run(tx.insert(u).values({ username, passwordHash, role, createdAt: at }).onConflictDoNothing().returning());
        if (!row) return null;
        yield* insertAudit(t, tx, [{ entity: 'staff_user', entityId: row.id, actor: opts.actor ?? null, field: 'created', oldValue: null, newValue: role, at }]);
        return toStaffUser(row);
      }),

    async getStaffUserByName(username) {
      const [r] = await db.select().from(u).where(eq(u.username, username));
      return r ? toStaffUser(r) : null;
    },

    async getStaffUser(id) {
      const [r] = await db.select().from(u).where(eq(u.id, id));
      return r ? toStaffUser(r) : null;
    },

    async listStaffUsers() {
      const rows = await db.select().from(u).orderBy(sql`${u.disabledAt} is not null`, asc(u.username), asc(u.id));
      return rows.map(toStaffUser);
    },

    setStaffPassword: (userId, passwordHash, actor, at, opts = {}) =>
      dialect.tx(function* (tx) {
        const [row] = yield* run(tx.update(u).set({ passwordHash }).where(eq(u.id, userId)).returning({ id: u.id }));
        if (!row) return false;
        // Whoever knew the old password is signed out everywhere; the user changing it stays signed in.
        const others = opts.keepSession ? and(eq(staffSessions.userId, userId), ne(staffSessions.id, opts.keepSession)) : eq(staffSessions.userId, userId);
        yield* run(tx.delete(staffSessions).where(others));
        yield* insertAudit(t, tx, [{ entity: 'staff_user', entityId: userId, actor, field: 'password', oldValue: null, newValue: null, at }]);
        return true;
      }),

    setStaffDisabled: (userId, disabled, actor, at) =>
      dialect.tx(function* (tx) {
        const [row] = yield* run(dialect.forUpdate(tx.select().from(u).where(eq(u.id, userId))));
        if (!row) return { kind: 'not_found' as const };
        if ((row.disabledAt !== null) === disabled) return { kind: 'unchanged' as const, value: toStaffUser(row) };
        if (disabled && row.role === 'admin') {
          // Every active admin locked, so two admins disabling each other at once cannot both succeed.
          const admins = yield* run(dialect.forUpdate(tx.select({ id: u.id }).from(u).where(and(eq(u.role, 'admin'), isNull(u.disabledAt)))));
          if (admins.length <= 1) return { kind: 'last_admin' as const };
        }
        const [updated] = yield* run(tx.update(u).set({ disabledAt: disabled ? at : null }).where(eq(u.id, userId)).returning());
        if (disabled) yield* run(tx.delete(staffSessions).where(eq(staffSessions.userId, userId)));
        yield* insertAudit(t, tx, [{ entity: 'staff_user', entityId: userId, actor, field: disabled ? 'disabled' : 'enabled', oldValue: null, newValue: null, at }]);
        return { kind: 'changed' as const, value: toStaffUser(updated!) };
      }),

    async recordStaffLogin(userId, at) {
      await db.update(u).set({ lastLoginAt: at }).where(eq(u.id, userId));
    },

    async listRecentAudit(entities, limit) {
      if (!entities.length) return [];
      const rows = await db.select().from(t.auditLog).where(inArray(t.auditLog.entity, entities)).orderBy(desc(t.auditLog.at), desc(t.auditLog.id)).limit(limit);
      return rows.map(toAudit);
    },
  };
}
