// What the operator commands (scripts/staff.ts, scripts/orders-import.ts) share: who is running
// them, for the audit log, and where a relative path given to `npm run` points.
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { formatActor } from '../src/domain/index.ts';

/** `cli:<OS user>`: the history shows the command line and who ran it. */
export function cliActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    /* no passwd entry (some containers) */
  }
  return formatActor({ kind: 'cli', user });
}

/** `npm run` runs scripts from the package root; a file named by the user is relative to where they typed it. */
export const userPath = (p: string) => resolve(process.env.INIT_CWD ?? process.cwd(), p);
