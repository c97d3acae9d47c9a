// The PostgreSQL side of the webhook benchmark (`npm run bench:webhook:pg` = BENCH_DB=pg
// bench/webhook.ts): a throwaway database, and the CPU its server processes spend, which on
// SQLite is inside the edge process and on PostgreSQL is not.
import { readdirSync, readFileSync } from 'node:fs';
import { createTempDb, type TempDb } from '../test/store/pg-temp-db.ts';

export interface PgBenchDb extends TempDb {
  /** utime + stime (clock ticks, 100 Hz) of the server processes serving this database. */
  serverTicks(): number;
}

/** A backend names its database in its process title: `postgres: 15/main: user db 127.0.0.1(port) …`. */
function ticksOfBackends(dbName: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.includes(` ${dbName} `)) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += Number(f[11]) + Number(f[12]);
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

export async function createPgBenchDb(): Promise<PgBenchDb> {
  const db = await createTempDb('liza_bench');
  return { ...db, serverTicks: () => ticksOfBackends(db.name) };
}
