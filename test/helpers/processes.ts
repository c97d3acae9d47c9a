// Background programs for end-to-end tests: free ports, start/stop whole process groups, and
// "is this outside program here?" with the rule that CI must not skip silently.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { it, onTestFinished } from 'vitest';
import { eventually, WaitCancelled } from './wait.ts';

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
   * SIGTERM to the whole group; resolves with the leader's exit code (null when a signal ended
   * it, as for an `npm run` wrapper) once every process of the group is gone. No deadline: a
   * process that does not stop on SIGTERM is a bug the test's timeout reports.
   */
  stop(): Promise<number | null>;
  /** SIGKILL to the whole group (cleanup after a failure); resolves once the leader is gone. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export interface StartOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Resolves once this answers (any HTTP status below 500). */
  readyUrl?: string;
  /** …or once the output matches. */
  readyOutput?: RegExp;
  /** Fetch used for readyUrl (e.g. one that trusts a test CA). */
  fetch?: typeof fetch;
}

/**
 * Starts `cmd args` in its own process group (so `npx` wrappers and their children die together)
 * and waits until it is ready. Rejects with its output if it exits first; one that never gets
 * ready is the test's timeout (and is killed when the test ends).
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
  // 'close', not 'exit': by then its output has all been read.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  const pid = child.pid!;
  const gone = () => eventually(() => groupAlive(pid), (alive) => !alive, `process group ${pid} (${cmd}) to exit`);
  const started: Started = {
    pid,
    child,
    output: () => out,
    exited,
    async stop() {
      signalGroup(pid, 'SIGTERM');
      const code = await exited;
      // The leader (npm, npx) may exit before its children (deno, nginx workers): wait for the rest.
      await gone();
      return code;
    },
    async kill() {
      signalGroup(pid, 'SIGKILL');
      await exited;
    },
  };
  const doFetch = opts.fetch ?? fetch;
  const ready = async () => {
    if (opts.readyOutput?.test(out)) return true;
    if (!opts.readyUrl) return !opts.readyOutput;
    try {
      const res = await doFetch(opts.readyUrl);
      await res.arrayBuffer();
      return res.status < 500;
    } catch {
      return false; // not listening yet
    }
  };
  try {
    await eventually(async () => done || (await ready()), Boolean, `${cmd} ${args.join(' ')} to be ready`, 25);
  } catch (err) {
    // The test ended (it timed out) before the program was ready: leave nothing running.
    if (err instanceof WaitCancelled) await started.kill();
    throw err;
  }
  if (done) throw new Error(`${cmd} ${args.join(' ')} exited before it was ready:\n${out}`);
  return started;
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

/**
 * Runs a program to completion without blocking the event loop, so the test's timeout is the only
 * limit; it is killed if the test ends first.
 */
export function runToEnd(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    onTestFinished(() => void child.kill('SIGKILL'));
  } catch {
    // called outside a test (a hook): the hook's timeout still applies
  }
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs a program to completion synchronously (for `nginx -t`, `systemd-analyze verify`, `docker-compose
 * config`). It blocks the event loop, so vitest's timeout cannot stop it: `timeoutMs` is only a guard
 * against a hung program, far above what it needs; use runToEnd for anything slow.
 */
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
