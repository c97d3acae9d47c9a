import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { sqlitePathFromUrl } from '../store/sqlite/path.ts';
import { devAuthToken } from './dev-token.ts';
import { ConfigError, parseConfig, type Config } from './index.ts';
import { envSchema } from './schema.ts';

/** Where generated local secrets live: next to the SQLite file, else ./data. */
export function dataDirFor(env: Record<string, string | undefined>): string {
  const url = env.DATABASE_URL || './data/liza.db';
  if (/^postgres(ql)?:/.test(url)) return './data';
  const path = sqlitePathFromUrl(url);
  return path === ':memory:' ? './data' : dirname(path);
}

/**
 * The process's one read of the environment (and `.env`). On a bad value prints one message
 * naming every offending variable and exits.
 */
export function loadConfigOrExit(processName: string): Config {
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
  const env = process.env;
  try {
    return parseConfig(env, () =>
      devAuthToken(dataDirFor(env), (token, path) => {
        console.log(
          `[${processName}] No TWILIO_AUTH_TOKEN set: generated a development token and saved it to ${path}:\n` +
            `    ${token}\n  Set TWILIO_AUTH_TOKEN to your Twilio auth token before taking real calls.`,
        );
      }),
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[${processName}] ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

/**
 * The database alone, for operator commands (`npm run staff`, `npm run orders:import`) that need
 * nothing else: `.env` is read as the servers read it, and no development token is generated.
 */
export function loadDatabaseUrlOrExit(command: string): string {
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
  const parsed = envSchema.pick({ DATABASE_URL: true }).safeParse(process.env);
  if (!parsed.success) {
    console.error(`[${command}] DATABASE_URL: ${parsed.error.issues[0]?.message}`);
    process.exit(1);
  }
  return parsed.data.DATABASE_URL;
}
