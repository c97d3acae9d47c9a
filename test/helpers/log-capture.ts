// A real pino logger whose lines a test can read and wait for: a log line is an event.
import { pino } from 'pino';
import type { Logger } from '../../src/log/logger.ts';

export type LogLine = { msg: string; level: number; [k: string]: unknown };

export interface CapturedLog {
  logger: Logger;
  readonly lines: LogLine[];
  /** Resolves with the first line (already written or still to come) with this message. */
  next(msg: string | RegExp, match?: (l: LogLine) => boolean): Promise<LogLine>;
}

export function captureLog(level = 'debug'): CapturedLog {
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  const logger = pino({ level }, {
    write(chunk: string) {
      lines.push(JSON.parse(chunk) as LogLine);
      for (const w of [...waiters]) w();
    },
  });
  return {
    logger,
    lines,
    next(msg, match = () => true) {
      const hit = (l: LogLine) => (typeof msg === 'string' ? l.msg === msg : msg.test(l.msg)) && match(l);
      return new Promise((resolve) => {
        const check = () => {
          const l = lines.find(hit);
          if (!l) return;
          waiters.delete(check);
          resolve(l);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
