import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../test/helpers/spawn-edge.ts';

/**
 * The node flags a systemd unit (and the compose file, which passes the same) starts a process
 * with, read from its ExecStart line, so a bench of the compiled build runs it as shipped.
 */
export function shippedNodeFlags(unit: 'liza-edge' | 'liza-worker'): string[] {
  const text = readFileSync(join(ROOT, `deploy/systemd/${unit}.service`), 'utf8');
  const m = /^ExecStart=\S+ (.*) \S+$/m.exec(text);
  if (!m) throw new Error(`no node flags found in the ExecStart line of deploy/systemd/${unit}.service`);
  return m[1]!.split(' ');
}
