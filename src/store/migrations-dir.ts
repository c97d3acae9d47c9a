// Where drizzle's migration folders are. Found by walking up from the calling module, because the same
// code runs from its source file under src/store/ (tsx in development, Deno) and from one bundle per
// process under dist/ (the image and the systemd install), which sit at different depths.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function migrationsDir(dialect: 'sqlite' | 'pg', fromModule: string): string {
  const start = dirname(fileURLToPath(fromModule));
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'drizzle', dialect);
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`drizzle/${dialect}/meta/_journal.json not found in any folder above ${start}`);
  }
}
