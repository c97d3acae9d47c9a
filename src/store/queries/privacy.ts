// Erasure and lookup by number (issue 15), written once for both databases. Which columns are
// personal comes from src/privacy/personal-data.ts, so this file does not change when a table does.
import { and, asc, eq, getTableColumns, getTableName, inArray, isNotNull, isNull, lt, ne, sql, type Column } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { PERSONAL_DATA } from '../../privacy/personal-data.ts';
import type { PrivacyStore } from '../ports/privacy.ts';
import { toCall, toOrder } from '../row-mappers.ts';
import type { Shared, Tables } from './context.ts';
import { insertAudit } from './audit.ts';
import { run } from './tx.ts';

/** A registry entry's table and columns as drizzle objects (JS keys for set()). */
function resolve(t: Tables) {
  const byName = new Map((Object.values(t) as unknown[]).filter((x): x is PgTable => !!x && typeof x === 'object' && getTableName(x as PgTable) !== undefined).map((x) => [getTableName(x), x]));
  return PERSONAL_DATA.map((entry) => {
    const table = byName.get(entry.table);
    if (!table) throw new Error(`personal-data.ts names table ${entry.table}, which the schema lacks`);
    const cols = Object.entries(getTableColumns(table)) as Array<[string, Column]>;
    const col = (name: string) => {
      const c = cols.find(([, c]) => c.name === name);
      if (!c) throw new Error(`personal-data.ts names ${entry.table}.${name}, which the schema lacks`);
      return { key: c[0], col: c[1] };
    };
    return { entry, table, link: col(entry.callColumn).col, columns: entry.columns.map((c) => ({ ...c, ...col(c.column) })) };
  });
}

export function privacyQueries({ db, t, dialect }: Shared): PrivacyStore {
  const personal = resolve(t);
  return {
    async listCallsByNumber(e164) {
      const rows = await db.select().from(t.calls).where(eq(t.calls.fromFull, e164)).orderBy(asc(t.calls.startedAt), asc(t.calls.id));
      return rows.map(toCall);
    },
    async listOrdersByPhone(e164) {
      // cast(… as text) reads the JSON array on both databases; the exact element is checked below.
      const rows = await db.select().from(t.orders).where(sql`cast(${t.orders.phones} as text) like ${`%${JSON.stringify(e164)}%`}`);
      return rows.filter((r) => r.phones.includes(e164)).map(toOrder);
    },
    async listCallsToErase(before, limit) {
      const rows = await db.select().from(t.calls).where(and(lt(t.calls.startedAt, before), isNull(t.calls.erasedAt))).orderBy(asc(t.calls.startedAt), asc(t.calls.id)).limit(limit);
      return rows.map(toCall);
    },
    eraseCalls: async (w) => {
      const counts = await dialect.tx(function* (tx) {
        const counts: Record<string, number> = {};
        if (w.callIds.length > 0) {
          for (const p of personal) {
            for (const c of p.columns) {
              const present = c.erased === null ? isNotNull(c.col) : ne(c.col, '');
              const rows = yield* run(
                tx.update(p.table).set({ [c.key]: c.erased }).where(and(inArray(p.link, w.callIds), present)).returning({ n: sql<number>`1` }),
              );
              counts[`${p.entry.table}.${c.column}`] = rows.length;
            }
          }
          // The audio is gone at Twilio (erase.ts deleted it first): the row says so and keeps its duration.
          const recs = yield* run(tx.update(t.recordings).set({ status: 'deleted' }).where(and(inArray(t.recordings.callId, w.callIds), ne(t.recordings.status, 'deleted'))).returning({ id: t.recordings.id }));
          counts.recordings = recs.length;
          const calls = yield* run(tx.update(t.calls).set({ erasedAt: w.at }).where(and(inArray(t.calls.id, w.callIds), isNull(t.calls.erasedAt))).returning({ id: t.calls.id }));
          counts.calls = calls.length;
        }
        if (w.removePhone) {
          const phone = w.removePhone;
          const rows = yield* run(tx.select({ id: t.orders.id, phones: t.orders.phones }).from(t.orders).where(sql`cast(${t.orders.phones} as text) like ${`%${JSON.stringify(phone)}%`}`));
          let n = 0;
          for (const r of rows.filter((r) => r.phones.includes(phone))) {
            yield* run(tx.update(t.orders).set({ phones: r.phones.filter((p) => p !== phone) }).where(eq(t.orders.id, r.id)));
            n++;
          }
          counts['orders.phones'] = n;
        }
        yield* insertAudit(t, tx, [{ entity: 'privacy', entityId: 0, actor: w.actor, field: w.field, oldValue: w.masked, newValue: JSON.stringify(counts), at: w.at }]);
        return counts;
      });
      await dialect.afterErase();
      return counts;
    },
    async auditPrivacy(e) {
      await dialect.tx(function* (tx) {
        yield* insertAudit(t, tx, [{ entity: 'privacy', entityId: 0, actor: e.actor, field: e.field, oldValue: e.masked, newValue: JSON.stringify(e.counts), at: e.at }]);
      });
    },
  };
}
