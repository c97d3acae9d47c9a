// Run by deno-sqlite-adapter.test.ts twice: under Deno on the node:sqlite adapter, and under
// Node on better-sqlite3 itself. Both print what happened as one JSON line; they must agree.
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { loadNodeSqliteDriver } from '../../src/store/sqlite/node-sqlite-adapter.ts';

const open = 'Deno' in globalThis ? await loadNodeSqliteDriver() : (path: string) => new Database(path);
const raw = open(':memory:');
const out: Record<string, unknown> = {};
// How long a write waits for another process's lock before SQLITE_BUSY, as opened.
out.busyTimeout = raw.pragma('busy_timeout', { simple: true });
raw.exec('create table a(id integer primary key, v text); create table b(id integer primary key, a_id integer, v text)');
const db = drizzle(raw);
const count = () => (raw.prepare('select count(*) from a').raw().get() as number[])[0];

raw.transaction(() => raw.prepare('insert into a(v) values (?)').run('committed'))();
try {
  raw.transaction(() => {
    raw.prepare('insert into a(v) values (?)').run('rolled back');
    throw new Error('boom');
  }).immediate();
} catch (err) {
  out.thrown = (err as Error).message;
}
out.afterRollback = count();

// A nested transaction is a savepoint: its failure leaves the outer one's work in place.
raw.transaction(() => {
  raw.prepare('insert into a(v) values (?)').run('outer');
  try {
    raw.transaction(() => {
      raw.prepare('insert into a(v) values (?)').run('inner');
      throw new Error('inner');
    })();
  } catch {}
})();
out.afterNested = count();

try {
  raw.transaction((async () => raw.prepare('insert into a(v) values (?)').run('async')) as () => unknown)();
} catch (err) {
  out.asyncRefused = (err as Error).message;
}
out.afterAsync = count();
out.inTransaction = raw.inTransaction;

// drizzle's own transaction and a join whose two tables both have an `id` column.
db.transaction((tx) => {
  tx.run(sql`insert into b(a_id, v) values (1, 'x')`);
});
out.join = db.all(sql`select a.id, b.id, b.v from a join b on b.a_id = a.id`);
out.joinArrays = db.values(sql`select a.id, b.id, b.v from a join b on b.a_id = a.id`);
out.pragma = raw.pragma('user_version', { simple: true });
raw.close();
out.openAfterClose = raw.open;
console.log(JSON.stringify(out));
