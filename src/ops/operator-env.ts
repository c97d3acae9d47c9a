// The environment as the operator commands (twilio:setup, doctor) read it: `.env` in the working
// directory too, like the processes, but never a generated development token — these commands
// are about the real deployment.
import { existsSync } from 'node:fs';
import { envSchema, type Env } from '../config/schema.ts';

export type ParsedEnv = { ok: true; env: Env } | { ok: false; problems: string[] };

export function loadDotEnv(): void {
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
}

/** Every variable checked at once, as the processes do. */
export function parseOperatorEnv(raw: Record<string, string | undefined>): ParsedEnv {
  const parsed = envSchema.safeParse(raw);
  if (parsed.success) return { ok: true, env: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`) };
}

export const PUBLIC_BASE_EXAMPLE = 'https://call.example.com';
export const PUBLIC_MEDIA_EXAMPLE = 'wss://call.example.com/media';
