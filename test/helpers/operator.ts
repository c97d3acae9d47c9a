import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, TSX_IMPORT } from './spawn-edge.ts';

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of our operator commands (scripts/*.ts) as `npm run` would, with `stdin` piped in (not a
 * terminal, as in a script or CI) and `env` on top of a clean DATABASE_URL-less environment.
 */
export function runScript(script: string, args: string[], env: Record<string, string>, stdin = ''): Promise<Ran> {
  return runCommand(process.execPath, ['--import', TSX_IMPORT, join(ROOT, 'scripts', script), ...args], env, stdin);
}

/** Runs any command from the repository root the same way (e.g. `npm run --silent …`, to see what npm adds). */
export function runCommand(command: string, args: string[], env: Record<string, string>, stdin = ''): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _db, ADMIN_USER: _u, ADMIN_PASSWORD: _p, ...rest } = process.env;
    const child = spawn(command, args, { cwd: ROOT, env: { ...rest, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
