// Background programs for end-to-end tests: free ports, start/stop whole process groups, and
// "is this outside program here?" with the rule that CI must not skip silently.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { it } from 'vitest';

export const IN_CI = process.env.CI === 'true';

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface Started {
  pid: number;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  /**
   * SIGTERM to the whole group, SIGKILL to whatever is left after `graceMs`. Resolves with the
   * leader's exit code (null when a signal ended it, as for an `npm run` wrapper).
   */
  stop(graceMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

export interface StartOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Resolves once this answers (any HTTP status below 500). */
  readyUrl?: string;
  /** …or once the output matches. */
  readyOutput?: RegExp;
  timeoutMs?: number;
  /** Fetch used for readyUrl (e.g. one that trusts a test CA). */
  fetch?: typeof fetch;
}

/**
 * Starts `cmd args` in its own process group (so `npx` wrappers and their children die together)
 * and waits until it is ready. Rejects with its output if it exits first or never gets ready.
 */
export async function startProcess(cmd: string, args: string[], opts: StartOptions = {}): Promise<Started> {
  const child = spawn(cmd, args, {
    cwd: opts.cwd ?? process.cwd(),
    env: { ...process.env, ...opts.env } as NodeJS.ProcessEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  const pid = child.pid!;
  const started: Started = {
    pid,
    child,
    output: () => out,
    exited,
    async stop(graceMs = 5000) {
      if (done) return exited;
      signalGroup(pid, 'SIGTERM');
      const stopDeadline = Date.now() + graceMs;
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      const code = await exited;
      // The leader (npm, npx) may exit before its children (deno, nginx workers): give the rest of
      // the group the same grace to finish, then make sure none is left.
      while (groupAlive(pid) && Date.now() < stopDeadline) await new Promise((r) => setTimeout(r, 50));
      clearTimeout(timer);
      signalGroup(pid, 'SIGKILL');
      return code;
    },
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const doFetch = opts.fetch ?? fetch;
  for (;;) {
    if (done) throw new Error(`${cmd} ${args.join(' ')} exited before it was ready:\n${out}`);
    if (opts.readyOutput?.test(out)) return started;
    if (opts.readyUrl) {
      try {
        const res = await doFetch(opts.readyUrl);
        await res.arrayBuffer();
        if (res.status < 500) return started;
      } catch {
        // not listening yet
      }
    }
    if (!opts.readyUrl && !opts.readyOutput) return started;
    if (Date.now() > deadline) {
      await started.stop(1000);
      throw new Error(`${cmd} ${args.join(' ')} was not ready in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Runs a program to completion (for `nginx -t`, `systemd-analyze verify`, `docker-compose config`). */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/** Whether `cmd` can be run at all (`cmd args` exits 0). */
export function hasProgram(cmd: string, args: string[] = ['--version'], timeoutMs = 60_000): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: timeoutMs });
  return r.status === 0;
}

/**
 * Call at the top of a test file when `available` is false: off CI it prints why the file's tests
 * are skipped; in CI it registers a failing test, because CI must run everything.
 */
export function reportMissingProgram(available: boolean, program: string, why: string): void {
  if (available) return;
  const message = `${program} is not available: ${why}`;
  if (IN_CI) {
    it(`needs ${program}`, () => {
      throw new Error(`${message} (CI=true: install it, see .ci/run)`);
    });
  } else {
    console.warn(`[skipped] ${message}`);
  }
}
