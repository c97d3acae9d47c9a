import type { Config } from '../../config/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import { generatePassword, hashPassword } from './password.ts';

/**
 * Creates the first staff account when none exists: ADMIN_USER / ADMIN_PASSWORD, or a generated
 * password printed once on stdout (it is never logged or stored in the clear). Returns the
 * created username, or null when accounts already existed.
 */
export async function ensureAdminAccount(store: Store, config: Config, logger: Logger, print = console.log): Promise<string | null> {
  if ((await store.countStaffUsers()) > 0) return null;
  const username = config.admin.user ?? 'admin';
  const password = config.admin.password ?? generatePassword();
  const user = await store.createStaffUser(username, await hashPassword(password), new Date());
  if (!user) return null; // another edge process won the race
  logger.info({ username }, 'created the first staff account');
  if (!config.admin.password) {
    print(`\nFirst staff account created. Sign in at ${config.publicBaseUrl}/login with\n    user:     ${username}\n    password: ${password}\nThis password is shown only once.\n`);
  }
  return username;
}
