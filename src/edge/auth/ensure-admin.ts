import type { Config } from '../../config/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import { generatePassword, hashPassword } from './password.ts';

/**
 * Creates the first staff account (an admin) when none exists: ADMIN_USER / ADMIN_PASSWORD, or a
 * generated password printed once on stdout (it is never logged or stored in the clear). Returns
 * the created username, or null when accounts already existed.
 *
 * Once accounts exist the variables change nothing, and an operator who set them expecting a
 * change (a lost password) is told so at start, with the command that does what they wanted.
 */
export async function ensureAdminAccount(store: Store, config: Config, logger: Logger, print = console.log): Promise<string | null> {
  if ((await store.countStaffUsers()) > 0) {
    await warnIfNotApplied(store, config, logger);
    return null;
  }
  const username = config.admin.user ?? 'admin';
  const password = config.admin.password ?? generatePassword();
  const user = await store.createStaffUser(username, await hashPassword(password), new Date(), { role: 'admin' });
  if (!user) return null; // another edge process won the race
  logger.info({ username }, 'created the first staff account');
  if (!config.admin.password) {
    print(`\nFirst staff account created. Sign in at ${config.publicBaseUrl}/login with\n    user:     ${username}\n    password: ${password}\nThis password is shown only once.\n`);
  }
  return username;
}

async function warnIfNotApplied(store: Store, config: Config, logger: Logger): Promise<void> {
  const { user, password } = config.admin;
  if (!user && !password) return;
  const name = user ?? 'admin';
  const set = [user && 'ADMIN_USER', password && 'ADMIN_PASSWORD'].filter(Boolean).join(' and ');
  const why = 'these variables only create the first account';
  if (await store.getStaffUserByName(name)) {
    logger.warn({ adminUser: name }, `${set} not applied: the staff account "${name}" already exists, and ${why}. To set its password run: npm run staff -- passwd ${name}`);
  } else {
    logger.warn({ adminUser: name }, `${set} not applied: staff accounts already exist, and ${why}. To add "${name}" as an admin run: npm run staff -- add ${name} --admin`);
  }
}
