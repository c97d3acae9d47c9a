// Which tables `db:copy` moves, in an order that satisfies every foreign key, paired SQLite ⇄
// PostgreSQL by name. Derived from the two drizzle schemas so a new table cannot be forgotten.
import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from '../sqlite/schema.ts';
import * as pgSchema from './schema.ts';

export interface TablePair {
  name: string;
  sqlite: SQLiteTable;
  pg: PgTable;
  /** Has an identity `id` whose sequence must continue after the copied ids. */
  identity: boolean;
  columns: number;
}

/**
 * Tables derived from others and kept by the target's own triggers (the dashboard's tallies per
 * hour, per order and day, per order status): copying them too would count everything twice. A forced copy empties them with the rest.
 */
export const DERIVED_TABLES = ['dashboard_ai_hours', 'dashboard_hours', 'dashboard_order_days', 'dashboard_orders'];

export function copyPlan(): TablePair[] {
  const pgTables = new Map((Object.values(pgSchema) as unknown[]).filter((t): t is PgTable => is(t, PgTable)).map((t) => [getTableName(t), t]));
  const sqliteTables = (Object.values(sqliteSchema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable) && !DERIVED_TABLES.includes(getTableName(t)));
  const missing = sqliteTables.map((t) => getTableName(t)).filter((n) => !pgTables.has(n));
  if (missing.length) throw new Error(`no PostgreSQL table for: ${missing.join(', ')} (src/store/pg/schema.ts is behind the SQLite one)`);
  const byName = new Map(sqliteTables.map((t) => [getTableName(t), t]));
  const ordered: TablePair[] = [];
  const seen = new Set<string>();
  // Depth-first over foreign keys: a table comes after every table it references.
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const cfg = getTableConfig(pgTables.get(name)!);
    for (const fk of cfg.foreignKeys) visit(getTableName(fk.reference().foreignTable));
    if (!byName.has(name)) return;
    const identity = cfg.columns.some((c) => c.name === 'id' && c.generatedIdentity !== undefined);
    ordered.push({ name, sqlite: byName.get(name)!, pg: pgTables.get(name)!, identity, columns: cfg.columns.length });
  };
  for (const name of [...byName.keys()].sort()) visit(name);
  return ordered;
}
