// Runs one of the operator commands (scripts/*.ts) as its own process, the way `npm run X` does
// (tsx), in an empty folder so no developer's .env leaks in. Asynchronous: the fakes serving it
// live in the test's process and must keep answering meanwhile.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TSX_IMPORT, ROOT } from '../helpers/spawn-edge.ts';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Only these variables reach the command, plus PATH and HOME: the test states the whole environment. */
export function runCommand(script: string, args: string[], env: Record<string, string>, opts: { cwd?: string; extraNodeArgs?: string[] } = {}): Promise<CommandResult> {
  const cwd = opts.cwd ?? mkdtempSync(join(tmpdir(), 'liza-cmd-'));
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX_IMPORT, ...(opts.extraNodeArgs ?? []), join(ROOT, script), ...args],
      { cwd, env: { ...base, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
