import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs on stdout. Secrets are redacted wherever they appear by name. */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['authToken', '*.authToken', 'password', '*.password', 'apiKey', '*.apiKey'], censor: '[redacted]' },
  });
}

/** A logger that drops everything (tests). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
