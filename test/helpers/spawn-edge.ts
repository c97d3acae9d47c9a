import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, tracked } from './wait.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;
/** tsx's loader by absolute URL, so a process started in another folder still finds it. */
export const TSX_IMPORT = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Runs a TypeScript entry point of ours as its own process group (so stop() kills all of it). */
export function startTs(entry: string, env: Record<string, string>, cwd = ROOT): Started {
  return startNode(['--import', TSX_IMPORT, join(ROOT, entry)], env, cwd);
}

/** Runs `node <args>` as its own process group; startTs is this with tsx's loader (the benchmarks' floors run plain JS). */
export function startNode(args: string[], env: Record<string, string>, cwd = ROOT): Started {
  let out = '';
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  // 'close', not 'exit': by then its output has all been read.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    child,
    output: () => out,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await closed;
    },
  };
}

/** Resolves once `url` answers 2xx; rejects with the output if the process exits first. No deadline (see wait.ts). */
export async function waitForHealth(url: string, proc: Started): Promise<void> {
  const exited = () => proc.child.exitCode !== null || proc.child.signalCode !== null;
  const healthy = async () => {
    try {
      return (await fetch(url)).ok;
    } catch {
      return false; // not listening yet
    }
  };
  await eventually(async () => exited() || (await healthy()), Boolean, `${url} to answer`, 25);
  if (exited()) throw new Error(`process exited early:\n${proc.output()}`);
}

/** Resolves with the first chunk of output from now on (or already printed) that matches. */
export function waitForOutput(proc: Pick<Started, 'child' | 'output'>, re: RegExp): Promise<string> {
  return tracked(`output matching ${re}`, (resolve, reject) => {
    const check = () => {
      const m = re.exec(proc.output());
      if (m) resolve(m[0]);
      else if (proc.child.exitCode !== null || proc.child.signalCode !== null) reject(new Error(`process exited without printing ${re}:\n${proc.output()}`));
    };
    proc.child.stdout!.on('data', check);
    proc.child.stderr!.on('data', check);
    proc.child.on('exit', check);
    check();
    return () => {
      proc.child.stdout!.off('data', check);
      proc.child.stderr!.off('data', check);
      proc.child.off('exit', check);
    };
  });
}

export const tempDir = (prefix = 'liza-') => mkdtempSync(join(tmpdir(), prefix));
