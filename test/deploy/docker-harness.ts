// Docker for the container tests: is the engine there, the stand-in base images (built once per
// machine state, see images/README.md), the repository's image, and small async helpers. All
// asynchronous: fakes serving the containers live in the test's process and must keep answering.
import { execFile } from 'node:child_process';
import { hasProgram } from '../helpers/processes.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const STAND_INS = new URL('./images/build.sh', import.meta.url).pathname;

/** `docker info` answers: the client is installed and the daemon runs. */
export const dockerHere = hasProgram('docker', ['info'], 30_000);

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export function sh(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; input?: string } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Like sh(), but throws with the output when the command fails. */
export async function must(cmd: string, args: string[], opts: Parameters<typeof sh>[2] = {}): Promise<string> {
  const r = await sh(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}:\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  return r.stdout;
}

/** The stand-in images; a no-op (seconds) when .ci/run or an earlier test built them. */
export async function ensureStandIns(which: 'all' | 'node' | 'nginx' | 'postgres' | 'systemd' = 'all'): Promise<void> {
  await must('bash', [STAND_INS, which], { timeoutMs: 30 * 60_000 });
}

/** Builds the repository's Dockerfile, unchanged (layer cache makes a second build quick). */
export async function buildLizaImage(tag = 'liza:latest'): Promise<{ seconds: number; bytes: number }> {
  const t0 = Date.now();
  // Host network for the build only: apt and npm inside reach the registries as the host does.
  await must('docker', ['build', '--network', 'host', '-q', '-t', tag, ROOT], { timeoutMs: 30 * 60_000 });
  const bytes = Number((await must('docker', ['image', 'inspect', '-f', '{{.Size}}', tag])).trim());
  return { seconds: Math.round((Date.now() - t0) / 1000), bytes };
}

/** The host side of Docker's default bridge (docker0): where host-run fakes listen for containers. */
export async function bridgeGateway(): Promise<string> {
  // The default bridge's IPAM config often has no Gateway; its interface has the address.
  const name = (await must('docker', ['network', 'inspect', 'bridge', '-f', '{{index .Options "com.docker.network.bridge.name"}}'])).trim() || 'docker0';
  // `ip`, not os.networkInterfaces(): that leaves out a bridge that is down (no container yet).
  const ip = /inet (\d+\.\d+\.\d+\.\d+)\//.exec(await must('ip', ['-4', '-o', 'addr', 'show', 'dev', name]))?.[1];
  if (!ip) throw new Error(`no IPv4 address on docker's bridge interface ${name}`);
  return ip;
}

/** Polls `check` (a cheap docker query) until it returns a value; throws `what` with the last state. */
export async function waitUntil<T>(what: string, check: () => Promise<T | null>, timeoutMs = 180_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function inspect(container: string, format: string): Promise<string> {
  return (await must('docker', ['inspect', '-f', format, container])).trim();
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
