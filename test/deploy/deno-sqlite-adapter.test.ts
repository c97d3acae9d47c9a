// The node:sqlite adapter must behave like better-sqlite3 where drizzle and our stores rely on it:
// busy timeout, transactions (commit, rollback, savepoints, promise refused), array rows for
// joins, pragma, close.
import { describe, expect, it } from 'vitest';
import { hasProgram, reportMissingProgram, runToEnd } from '../helpers/processes.ts';

const deno = hasProgram('npx', ['--yes', 'deno@2.9.6', '--version'], 240_000);
reportMissingProgram(deno, 'deno (npx --yes deno@2.9.6)', 'the node:sqlite adapter runs only under Deno here');

const SCRIPT = 'test/deploy/deno-sqlite-check.ts';
const lastJsonLine = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe.skipIf(!deno)('the node:sqlite adapter under Deno', () => {
  it('does what better-sqlite3 does under Node, step for step', async () => {
    const underDeno = await runToEnd('npx', ['--yes', 'deno@2.9.6', 'run', '--allow-read', '--allow-env', SCRIPT]);
    expect(underDeno.code, underDeno.stderr).toBe(0);
    const underNode = await runToEnd('npx', ['tsx', SCRIPT]);
    expect(underNode.code, underNode.stderr).toBe(0);
    const d = lastJsonLine(underDeno.stdout);
    expect(d).toEqual(lastJsonLine(underNode.stdout));
    // And the behaviour itself, so that both being wrong the same way would still fail.
    expect(d).toMatchObject({
      busyTimeout: 5000,
      thrown: 'boom',
      afterRollback: 1,
      afterNested: 2,
      asyncRefused: 'Transaction function cannot return a promise',
      afterAsync: 2,
      inTransaction: false,
      joinArrays: [[1, 1, 'x']],
      pragma: 0,
      openAfterClose: false,
    });
  }, 180_000);
});
