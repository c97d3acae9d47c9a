// The systemd units: `systemd-analyze verify` must print nothing (it exits 0 on warnings), and
// each unit's own ExecStart must start the process and stop it cleanly on SIGTERM. The real
// thing (systemd booted in a container, Liza installed by the README) is systemd-boot.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hasProgram, reportMissingProgram, run, startProcess } from '../helpers/processes.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const UNITS = ['liza-edge.service', 'liza-worker.service'];
const unitPath = (u: string) => join(ROOT, 'deploy/systemd', u);
const analyze = hasProgram('systemd-analyze', ['--version']);
reportMissingProgram(analyze, 'systemd-analyze', 'verifying the systemd units needs it (Debian package systemd)');

/** `Key=value` lines of a unit (the last one wins, as in systemd for single-valued keys). */
function directives(unit: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of readFileSync(unitPath(unit), 'utf8').split('\n')) {
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (kv) m.set(kv[1]!, kv[2]!);
  }
  return m;
}

describe.skipIf(!analyze)('systemd-analyze verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liza-systemd-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(UNITS)('%s verifies without a single line of output', (unit) => {
    const r = run('systemd-analyze', ['verify', unitPath(unit)]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('would notice a broken unit (so the check above can fail)', () => {
    const broken = join(dir, 'liza-broken.service');
    writeFileSync(broken, readFileSync(unitPath(UNITS[0]!), 'utf8').replace('Restart=on-failure', 'Restart=on-failur\nProtectSytem=strict'));
    const r = run('systemd-analyze', ['verify', broken]);
    expect(r.stdout + r.stderr).toMatch(/Restart|ProtectSytem/);
  });
});

describe('the units', () => {
  it.each(UNITS)('%s runs as its own user with the hardening the guide promises', (unit) => {
    const d = directives(unit);
    expect(d.get('User')).toBe('liza');
    expect(d.get('EnvironmentFile')).toBe('/etc/liza/liza.env');
    expect(d.get('WorkingDirectory')).toBe('/opt/liza');
    expect(d.get('Restart')).toBe('on-failure');
    expect(d.get('NoNewPrivileges')).toBe('yes');
    expect(d.get('ProtectSystem')).toBe('strict');
    expect(d.get('ReadWritePaths')).toBe('/var/lib/liza');
    expect(d.get('PrivateTmp')).toBe('yes');
    expect(d.get('ProtectHome')).toBe('yes');
    expect(d.get('KillSignal')).toBe('SIGTERM');
  });

  // The units run the compiled bundles (dist/), as an install does after `npm run build`.
  beforeAll(() => {
    execFileSync('sh', [join(ROOT, 'scripts/build.sh')], { stdio: 'pipe' });
  }, 60_000);

  it.each(UNITS)("%s: its ExecStart serves /health and exits 0 on SIGTERM", async (unit) => {
    const dir = mkdtempSync(join(tmpdir(), 'liza-unit-'));
    try {
      const [exe, ...args] = directives(unit).get('ExecStart')!.split(' ');
      const port = await freePort();
      const proc = await startProcess(exe!, args, {
        cwd: ROOT, // stands in for WorkingDirectory=/opt/liza
        env: { PORT: String(port), WORKER_PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: join(dir, 'liza.db'), TWILIO_AUTH_TOKEN: 'unit-test-token-123', LOG_LEVEL: 'warn' },
        readyUrl: `http://127.0.0.1:${port}/health`,
      });
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      expect(await proc.stop()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
