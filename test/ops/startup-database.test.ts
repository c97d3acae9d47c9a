// Issue 11 point 9 (and /health of point 4): both processes started against a database they
// cannot use say what is wrong and what to do, in one line, and exit non-zero; a running edge
// whose SQLite file is write-locked by another process reports it on /health.
import { spawn, execFileSync } from 'node:child_process';
import { rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { eventually, tracked } from '../helpers/wait.ts';
import { freePort, ROOT, TSX_IMPORT, startTs, tempDir, waitForHealth, type Started } from '../helpers/spawn-edge.ts';

const ENTRIES = ['src/edge/main.node.ts', 'src/worker/main.ts'];
const immutable: string[] = [];

/** Runs an entry to its end; resolves with its exit code and output. */
async function runEntry(entry: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  // Free ports: should the database open after all, the process must not fail on a port instead.
  const [port, workerPort] = [await freePort(), await freePort()];
  return tracked(`${entry} to exit`, (resolve) => {
    const child = spawn(process.execPath, ['--import', TSX_IMPORT, join(ROOT, entry)], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', TWILIO_AUTH_TOKEN: 'startup-token-0123456789', PORT: String(port), WORKER_PORT: String(workerPort), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** A file nobody may write: chmod for an ordinary user; root ignores modes, so chattr +i then. */
function makeReadOnly(file: string) {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', file]);
    immutable.push(file);
  } else chmodSync(file, 0o444);
}

afterAll(() => {
  for (const f of immutable) execFileSync('chattr', ['-i', f]);
});

describe('start-up against a database it cannot use', () => {
  it('a DATABASE_URL under a regular file: one line naming the problem and the fix, exit 1, no stack trace', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-dir'), 'x');
    for (const entry of ENTRIES) {
      const r = await runEntry(entry, { DATABASE_URL: join(dir, 'not-a-dir', 'liza.db') });
      expect(r.code, r.out).toBe(1);
      expect(r.out).toContain('cannot open the database');
      expect(r.out).toMatch(/SQLITE_CANTOPEN|ENOTDIR/);
      expect(r.out).toContain('check that DATABASE_URL names a path in a directory');
      expect(r.out).not.toMatch(/\n\s+at /);
    }
  });

  it('a read-only SQLite file: says it cannot be written and what to do, exit 1', async () => {
    const dir = tempDir();
    const file = join(dir, 'liza.db');
    const store = createSqliteStore(file); // created and migrated
    await store.close();
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    makeReadOnly(file);
    for (const entry of ENTRIES) {
      const r = await runEntry(entry, { DATABASE_URL: file });
      expect(r.code, r.out).toBe(1);
      expect(r.out).toMatch(/the database cannot be written: SQLITE_READONLY/);
      expect(r.out).toContain('give the user running Liza write access to it AND to its directory');
      expect(r.out).not.toMatch(/\n\s+at /);
      expect(r.out).not.toContain('listening');
    }
  });
});

describe('/health while another process holds the SQLite write lock', () => {
  let edge: Started;
  afterAll(() => edge?.stop());

  it('answers 503 with the reason, and 200 again once the lock is released', async () => {
    const dir = tempDir();
    const file = join(dir, 'liza.db');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    edge = startTs('src/edge/main.node.ts', { PORT: String(port), DATABASE_URL: file, TWILIO_AUTH_TOKEN: 'health-token-0123456789', PUBLIC_BASE_URL: base });
    await waitForHealth(`${base}/health`, edge);
    // The sqlite3 CLI takes the write lock and keeps it until its stdin closes.
    const holder = spawn('sqlite3', [file], { stdio: ['pipe', 'pipe', 'pipe'] });
    let said = '';
    holder.stdout.on('data', (d) => (said += d));
    holder.stdin.write("BEGIN IMMEDIATE; INSERT INTO login_failures (key, at) VALUES ('lock', 0); SELECT 'locked';\n");
    await eventually(() => said, (s) => s.includes('locked'), 'sqlite3 to hold the lock');
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'error', database: 'not_writable', reason: expect.stringMatching(/locked/) });
    const closed = new Promise((r) => holder.once('close', r));
    holder.stdin.end('ROLLBACK;\n');
    await closed;
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});
