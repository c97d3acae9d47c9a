// A Debian host booted with systemd in a container, with Liza installed exactly as
// deploy/README.md section B tells an operator: its shell block is read from the README, the
// lines up to the first `systemctl` run while the image is built, the rest inside the booted
// system. Only `git clone` becomes a copy of this checkout (there is no repository server here).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { must, ROOT, sh, waitUntil } from './docker-harness.ts';

export const SYSTEMD_BASE = 'local/liza-systemd:bookworm';

/** The README's section B install block, as lines. */
export function readmeInstallSteps(): { build: string[]; boot: string[] } {
  const readme = readFileSync(join(ROOT, 'deploy/README.md'), 'utf8');
  const section = readme.split(/^## B\. /m)[1]?.split(/^## /m)[0];
  const block = section && /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('deploy/README.md has no ```sh block in section B');
  const lines = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l && !l.startsWith('#'));
  const first = lines.findIndex((l) => l.startsWith('systemctl '));
  if (first < 0) throw new Error('section B never runs systemctl');
  return { build: lines.slice(0, first), boot: lines.slice(first) };
}

const CLONE = /^git clone \S+(?: \S+)* \/opt\/liza && cd \/opt\/liza$|^git clone <your Liza repository> \/opt\/liza && cd \/opt\/liza$/;

/**
 * Builds the image with Liza installed by the README's steps; returns its tag. The checkout
 * arrives in two layers, package files first: `npm ci` reads only those, so its layer (minutes:
 * better-sqlite3 compiles) is reused until the lock file changes. Same result as one clone.
 */
export async function buildInstalledImage(tag: string): Promise<string> {
  const { build } = readmeInstallSteps();
  const clone = build.findIndex((l) => CLONE.test(l));
  const npmCi = build.findIndex((l) => l === 'npm ci');
  if (clone < 0 || npmCi < clone) throw new Error(`section B must clone to /opt/liza, then npm ci:\n${build.join('\n')}`);
  const ctx = mkdtempSync(join(tmpdir(), 'liza-systemd-ctx-'));
  try {
    await must('tar', ['-C', ROOT, '-cf', join(ctx, 'deps.tar'), 'package.json', 'package-lock.json']);
    await must('tar', ['-C', ROOT, '--exclude=./node_modules', '--exclude=./.git', '--exclude=./data', '--exclude=./test-output', '--exclude=./.env', '-cf', join(ctx, 'liza.tar'), '.']);
    const first = [...build.slice(0, clone), 'mkdir -p /opt/liza && tar -C /opt/liza -xf /root/deps.tar && cd /opt/liza', ...build.slice(clone + 1, npmCi + 1)];
    const rest = ['cd /opt/liza && tar -C /opt/liza -xf /root/liza.tar', ...build.slice(npmCi + 1)];
    writeFileSync(join(ctx, 'install-1.sh'), ['set -eux', ...first, ''].join('\n'));
    writeFileSync(join(ctx, 'install-2.sh'), ['set -eux', ...rest, ''].join('\n'));
    writeFileSync(join(ctx, 'Dockerfile'), [
      `FROM ${SYSTEMD_BASE}`,
      'COPY deps.tar install-1.sh /root/',
      'RUN bash /root/install-1.sh',
      'COPY liza.tar install-2.sh /root/',
      'RUN bash /root/install-2.sh && rm /root/liza.tar /root/deps.tar',
      '',
    ].join('\n'));
    await must('docker', ['build', '--network', 'host', '-q', '-t', tag, ctx], { timeoutMs: 30 * 60_000 });
    return tag;
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

export interface Host {
  id: string;
  /** Runs a shell command inside; resolves with its result. */
  run(cmd: string): ReturnType<typeof sh>;
  /** …and throws unless it exits 0. */
  ok(cmd: string): Promise<string>;
  remove(): Promise<void>;
}

/** Boots the image with systemd as PID 1 (recipe: shared/docs/stack-notes.md), no network at all. */
export async function bootHost(image: string, name: string): Promise<Host> {
  const id = (await must('docker', [
    'run', '-d', '--name', name, '--network', 'none',
    '--cap-add', 'SYS_ADMIN', '--security-opt', 'seccomp=unconfined',
    '--tmpfs', '/run', '--tmpfs', '/run/lock', '-v', '/sys/fs/cgroup:/sys/fs/cgroup:ro',
    image, '/lib/systemd/systemd',
  ])).trim();
  const run = (cmd: string) => sh('docker', ['exec', id, 'bash', '-c', cmd], { timeoutMs: 120_000 });
  const ok = async (cmd: string) => {
    const r = await run(cmd);
    if (r.code !== 0) throw new Error(`${cmd} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  await waitUntil('systemd to finish booting', async () => {
    const r = await run('systemctl is-system-running');
    const state = r.stdout.trim();
    if (state === 'running') return true;
    if (state === 'degraded') throw new Error(`systemd booted degraded:\n${(await run('systemctl --failed --no-pager')).stdout}`);
    return null;
  }, 120_000);
  return { id, run, ok, remove: async () => void (await sh('docker', ['rm', '-f', id])) };
}
