// systemd, for real: a Debian host booted with systemd in a container, Liza installed the way
// deploy/README.md section B says, the units from deploy/systemd/ unchanged. Enable, health,
// crash and restart, graceful stop, the journal, and the hardening letting both processes write.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportMissingProgram } from '../helpers/processes.ts';
import { dockerHere, ensureStandIns, waitUntil } from './docker-harness.ts';
import { bootHost, buildInstalledImage, readmeInstallSteps, type Host } from './systemd-host.ts';

reportMissingProgram(dockerHere, 'docker', 'the systemd test boots systemd in a container (apt-get install docker.io; start dockerd)');

const TOKEN = 'systemd-test-token-0123456789';
const started = Date.now();
const log = (m: string) => console.log(`[systemd +${Math.round((Date.now() - started) / 1000)} s] ${m}`);
/** The values an operator fills into /etc/liza/liza.env (README: "edit /etc/liza/liza.env"). */
const SETTINGS: Record<string, string> = {
  DATABASE_URL: '/var/lib/liza/liza.db',
  TWILIO_AUTH_TOKEN: TOKEN,
  ADMIN_USER: 'chef',
  ADMIN_PASSWORD: 'systemd-staff-password',
  LOG_LEVEL: 'info',
};
const health = (port: number) => `node -e "fetch('http://127.0.0.1:${port}/health').then(r => r.text().then(t => { console.log(r.status, t); process.exit(r.ok ? 0 : 1) }), e => { console.log(e.cause?.code ?? e.message); process.exit(1) })"`;
const show = async (host: Host, unit: string, prop: string) => (await host.ok(`systemctl show -p ${prop} --value ${unit}`)).trim();

describe.skipIf(!dockerHere)('systemd, for real', () => {
  let host: Host;
  const waitHealthy = (port: number) => waitUntil(`/health on :${port}`, async () => ((await host.run(health(port))).code === 0 ? true : null), 120_000);

  beforeAll(async () => {
    await ensureStandIns('systemd');
    log('stand-in systemd image ready');
    // One tag, rebuilt in place: its layers stay cached and old images do not pile up.
    const image = await buildInstalledImage('liza-systemd-installed:test');
    log(`Liza installed by the README's steps (${image})`);
    host = await bootHost(image, `liza-systemd-${randomBytes(3).toString('hex')}`);
    log('systemd booted');
    // The operator's edit of the environment file, key by key, keeping its owner and mode.
    const edits = Object.entries(SETTINGS).map(([k, v]) => `-e 's|^${k}=.*|${k}=${v}|'`).join(' ');
    await host.ok(`sed -i ${edits} /etc/liza/liza.env && stat -c '%U:%G %a' /etc/liza/liza.env`);
  }, 40 * 60_000);

  afterAll(async () => {
    if (host) {
      const j = await host.run('journalctl -u liza-edge -u liza-worker --no-pager -n 40 -o cat');
      if (process.env.CI) console.log(j.stdout);
      await host.remove();
    }
  }, 60_000);

  it("the README's own steps: `systemctl enable --now` brings both up, and /health answers", async () => {
    const { boot } = readmeInstallSteps();
    expect(boot).toContain('systemctl enable --now liza-edge liza-worker');
    for (const step of boot) await host.ok(step.startsWith('systemctl status') ? `${step} --no-pager` : step);
    for (const unit of ['liza-edge', 'liza-worker']) {
      expect(await show(host, unit, 'UnitFileState')).toBe('enabled');
    }
    await waitHealthy(3000);
    await waitHealthy(3001);
    expect((await host.ok('stat -c %U:%G /etc/liza/liza.env /var/lib/liza')).trim().split('\n')).toEqual(['root:liza', 'liza:liza']);
  }, 5 * 60_000);

  it('the hardening lets the edge write its database: a call is stored under ProtectSystem=strict', async () => {
    const out = await host.ok(`cd /opt/liza && node --import tsx test/deploy/systemd-call.ts ${TOKEN}`);
    const call = JSON.parse(out.trim().split('\n').at(-1)!) as { callSid: string; ended: string; said: string };
    expect(call.said).toContain('Bestellnummer 4 7 1 1 notiert');
    const row = await host.ok(`cd /opt/liza && node -e "console.log(require('better-sqlite3')('/var/lib/liza/liza.db', { readonly: true }).prepare('select count(*) from calls where call_sid = ?').pluck().get(process.argv[1]))" ${call.callSid}`);
    expect(row.trim()).toBe('1');
    expect((await host.ok('stat -c %U /var/lib/liza/liza.db')).trim()).toBe('liza');
  }, 3 * 60_000);

  it('the hardening lets the worker create and migrate the database on its own', async () => {
    await host.ok('systemctl stop liza-edge liza-worker && rm -f /var/lib/liza/liza.db /var/lib/liza/liza.db-wal /var/lib/liza/liza.db-shm');
    await host.ok('systemctl start liza-worker');
    await waitHealthy(3001);
    const tables = await host.ok(`cd /opt/liza && node -e "console.log(require('better-sqlite3')('/var/lib/liza/liza.db', { readonly: true }).prepare('select count(*) from __drizzle_migrations').pluck().get())"`);
    expect(Number(tables.trim())).toBeGreaterThan(0);
    await host.ok('systemctl start liza-edge');
    await waitHealthy(3000);
  }, 3 * 60_000);

  it("kill -9 of the worker's main PID: systemd restarts it (Restart=on-failure)", async () => {
    const pid = await show(host, 'liza-worker', 'MainPID');
    const restarts = Number(await show(host, 'liza-worker', 'NRestarts'));
    expect(Number(pid)).toBeGreaterThan(0);
    await host.ok(`kill -9 ${pid}`);
    await waitUntil('the worker to be restarted', async () => {
      const [now, n, state] = await Promise.all([show(host, 'liza-worker', 'MainPID'), show(host, 'liza-worker', 'NRestarts'), show(host, 'liza-worker', 'ActiveState')]);
      return now !== '0' && now !== pid && Number(n) > restarts && state === 'active' ? true : null;
    });
    await waitHealthy(3001);
    expect(await host.ok('journalctl -u liza-worker --no-pager -o cat')).toMatch(/Main process exited, code=killed, status=9\/KILL|worker listening/);
  }, 3 * 60_000);

  it('`systemctl stop` drains each process and it exits 0 within the unit\'s timeout', async () => {
    for (const unit of ['liza-worker', 'liza-edge']) {
      await host.ok(`systemctl stop ${unit}`);
      expect(await show(host, unit, 'ActiveState')).toBe('inactive');
      // Result=timeout if TimeoutStopSec had run out and systemd had sent SIGKILL.
      expect(await show(host, unit, 'Result')).toBe('success');
      expect(await show(host, unit, 'ExecMainCode')).toBe('1'); // CLD_EXITED: it exited by itself…
      expect(await show(host, unit, 'ExecMainStatus')).toBe('0'); // …with status 0
    }
    const worker = await host.ok('journalctl -u liza-worker --no-pager -o cat');
    expect(worker).toContain('"msg":"worker stopping"');
    expect(worker).toContain('"msg":"worker stopped"');
    expect(await host.ok('journalctl -u liza-edge --no-pager -o cat')).toContain('"msg":"edge shutting down"');
  }, 3 * 60_000);

  it('journalctl -u liza-edge shows the JSON log lines', async () => {
    const lines = (await host.ok('journalctl -u liza-edge --no-pager -o cat')).split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    const parsed = lines.map((l) => JSON.parse(l) as { name?: string; msg?: string; level?: number });
    expect(parsed.every((p) => p.name === 'edge' && typeof p.level === 'number')).toBe(true);
    expect(parsed.some((p) => p.msg?.startsWith('edge listening on http://127.0.0.1:3000'))).toBe(true);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});
