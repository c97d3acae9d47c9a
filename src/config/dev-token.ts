import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEV_TOKEN_FILE = 'dev-twilio-auth-token';

/**
 * Without TWILIO_AUTH_TOKEN a random development token is generated once and kept under the
 * data folder, so the edge, the worker and `npm run call` all sign and check with the same one.
 * Webhooks are never accepted unsigned.
 */
export function devAuthToken(dataDir: string, onCreate: (token: string, path: string) => void): string {
  const path = join(dataDir, DEV_TOKEN_FILE);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const token = randomBytes(16).toString('hex');
    try {
      // 'wx': if the other process won the race, keep its token.
      writeFileSync(path, token + '\n', { flag: 'wx', mode: 0o600 });
      onCreate(token, path);
      return token;
    } catch {
      return readFileSync(path, 'utf8').trim();
    }
  }
}
