// The shop's API keys, each creation and revocation with its audit entry (entity `api_key`).
import { and, asc, desc, eq, getTableColumns, isNull, lt, or, sql } from 'drizzle-orm';
import type { ApiKeyStore } from '../ports/staff.ts';
import { insertAudit } from './audit.ts';
import type { Shared } from './context.ts';
import { run } from './tx.ts';

/** A key's last use is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

export function apiKeyQueries({ db, t, dialect }: Shared): ApiKeyStore {
  const k = t.apiKeys;
  // Every column but the hash: it never leaves the store.
  const { keyHash: _hash, ...shown } = getTableColumns(k);
  return {
    createApiKey: (key, actor, at) =>
      dialect.tx(function* (tx) {
        // Names tell keys apart in every order's history, so two active keys never share one.
        const [taken] = yield* run(dialect.forUpdate(tx.select({ id: k.id }).from(k).where(and(eq(k.name, key.name), isNull(k.revokedAt)))));
        if (taken) return null;
        const [row] = yield* run(tx.insert(k).values({ ...key, createdBy: actor, createdAt: at }).returning(shown));
        yield* insertAudit(t, tx, [{ entity: 'api_key', entityId: row!.id, actor, field: 'created', oldValue: null, newValue: key.name, at }]);
        return row!;
      }),

    listApiKeys: () => db.select(shown).from(k).orderBy(sql`${k.revokedAt} is not null`, desc(k.createdAt), asc(k.id)),

    async findApiKey(keyHash) {
      const [r] = await db.select(shown).from(k).where(eq(k.keyHash, keyHash));
      return r ?? null;
    },

    async touchApiKey(id, at) {
      const before = new Date(at.getTime() - TOUCH_EVERY_MS);
      await db.update(k).set({ lastUsedAt: at }).where(and(eq(k.id, id), or(isNull(k.lastUsedAt), lt(k.lastUsedAt, before))));
    },

    revokeApiKey: (id, actor, at) =>
      dialect.tx(function* (tx) {
        const [row] = yield* run(dialect.forUpdate(tx.select(shown).from(k).where(eq(k.id, id))));
        if (!row) return { kind: 'not_found' as const };
        if (row.revokedAt) return { kind: 'unchanged' as const, value: row };
        const [done] = yield* run(tx.update(k).set({ revokedAt: at, revokedBy: actor }).where(eq(k.id, id)).returning(shown));
        yield* insertAudit(t, tx, [{ entity: 'api_key', entityId: id, actor, field: 'revoked', oldValue: null, newValue: row.name, at }]);
        return { kind: 'changed' as const, value: done! };
      }),
  };
}
