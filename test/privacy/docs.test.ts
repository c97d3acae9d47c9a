// docs/privacy.md stays true: every `table.column` it names exists in both schemas, and every
// personal column that erasure knows (src/privacy/personal-data.ts) is named there.
import { readFileSync } from 'node:fs';
import { getTableColumns, getTableName, is, Table } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PERSONAL_DATA } from '../../src/privacy/personal-data.ts';
import * as pgSchema from '../../src/store/pg/schema.ts';
import * as sqliteSchema from '../../src/store/sqlite/schema.ts';

const doc = readFileSync(new URL('../../docs/privacy.md', import.meta.url), 'utf8');

const columnsOf = (schema: Record<string, unknown>) =>
  new Map(Object.values(schema).filter((t): t is Table => is(t, Table)).map((t) => [getTableName(t), new Set(Object.values(getTableColumns(t)).map((c) => c.name))]));

describe('docs/privacy.md', () => {
  it('names only columns that exist, in SQLite and PostgreSQL', () => {
    const named = [...doc.matchAll(/`([a-z_]+)\.([a-z_]+)`/g)].map((m) => [m[1]!, m[2]!] as const);
    expect(named.length).toBeGreaterThan(15);
    for (const schema of [sqliteSchema, pgSchema]) {
      const tables = columnsOf(schema);
      const missing = named.filter(([t, c]) => !tables.get(t)?.has(c)).map(([t, c]) => `${t}.${c}`);
      expect(missing).toEqual([]);
    }
  });

  it('names every personal column that erasure erases', () => {
    for (const t of PERSONAL_DATA) for (const c of t.columns) expect(doc, `${t.table}.${c.column}`).toContain(`\`${t.table}.${c.column}\``);
  });
});
