import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

let stdoutGone = false;

/**
 * stdout for log lines, dropping them once its reader is gone (EPIPE: `| head`, a pino-pretty
 * that exited, a parent killed). pino's own destination (sonic-boom) retries a failed write
 * forever when it flushes at exit, so a process whose pipe closed hung in `process.exit()` and
 * never stopped, SIGTERM or not. A server keeps serving without its log reader (journald
 * restarting must not stop calls); `npm start` stops both processes itself (scripts/start.ts).
 */
function stdoutLines(): DestinationStream {
  if (process.stdout.listenerCount('error') === 0) {
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      stdoutGone = true;
    });
  }
  return { write: (line: string) => void (stdoutGone || process.stdout.write(line)) };
}

/** Structured JSON logs on stdout. Secrets are redacted wherever they appear by name. */
export function createLogger(level: string, name: string): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: ['authToken', '*.authToken', 'password', '*.password', 'apiKey', '*.apiKey'], censor: '[redacted]' },
    },
    stdoutLines(),
  );
}

/** A logger that drops everything (tests). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
