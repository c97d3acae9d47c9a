// The operator guide's online backup of a live SQLite database (deploy/README.md, "Backup and
// restore"): taken while the edge runs and writes in WAL mode, the copy must hold the data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { freePort, hasProgram, reportMissingProgram, run, startProcess, type Started } from '../helpers/processes.ts';
import { TSX_IMPORT } from '../helpers/spawn-edge.ts';
import { DE, walkOverHttp } from './walk.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const TOKEN = 'backup-test-token-0123456789';
const sqliteCli = hasProgram('sqlite3', ['-version']);
reportMissingProgram(sqliteCli, 'sqlite3', "the guide's CLI backup is checked with it (apt-get install sqlite3)");

async function orderIn(file: string, number: string) {
  const store = createSqliteStore(file);
  try {
    return await store.getOrderByNumber(number);
  } finally {
    await store.close();
  }
}

describe('online backup of the live SQLite database', () => {
  let dir: string;
  let edge: Started;
  let db: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liza-backup-'));
    db = join(dir, 'liza.db');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    edge = await startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/edge/main.node.ts'], {
      env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db, PUBLIC_BASE_URL: base, TWILIO_AUTH_TOKEN: TOKEN, LOG_LEVEL: 'warn' },
      readyUrl: `${base}/health`,
    });
    await walkOverHttp({ publicBaseUrl: base, authToken: TOKEN, from: DE }, ['1', '31337#', '1', '9']);
  }, 60_000);

  afterAll(async () => {
    await edge?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("with better-sqlite3's backup() (the guide's node one-liner, no sqlite3 CLI needed)", () => {
    const out = join(dir, 'node-backup.db');
    const r = run(process.execPath, ['-e', "require('better-sqlite3')(process.argv[1]).backup(process.argv[2]).then(() => console.log('backup done'))", db, out], { cwd: ROOT });
    expect(r.stdout.trim(), r.stderr).toBe('backup done');
    return expect(orderIn(out, '31337')).resolves.toMatchObject({ number: '31337', status: 'received' });
  });

  it.skipIf(!sqliteCli)('with the sqlite3 CLI .backup command', () => {
    const out = join(dir, 'cli-backup.db');
    const r = run('sqlite3', [db, `.backup '${out}'`]);
    expect(r.code, r.stderr).toBe(0);
    return expect(orderIn(out, '31337')).resolves.toMatchObject({ number: '31337' });
  });
});
