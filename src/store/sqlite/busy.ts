// What SQLite does while another process (the edge or the worker) holds its one write lock.
//
// better-sqlite3 waits for the lock synchronously (busy_timeout), and a synchronous wait stops
// the whole event loop: every other webhook, the staff pages, live AI audio. So the connection's
// busy timeout is short (db.ts), and a store call that still finds the lock taken is tried again
// after an asynchronous pause, until WRITE_DEADLINE_MS: the loop serves everything else
// meanwhile, and past the deadline the call fails with DatabaseLockedError, which a webhook
// answers with its apology well inside Twilio's 15 s (and under the 3 s asked of every webhook).

/** How long one store call may keep trying while another process holds the lock. */
export const WRITE_DEADLINE_MS = 1_500;
const RETRY_PAUSE_MS = [5, 10, 25, 50, 100];

// SQLITE_BUSY is 5, SQLITE_LOCKED 6; an extended code keeps the primary one in its low byte.
// https://www.sqlite.org/rescode.html
const BUSY_CODES = new Set([5, 6]);
const BUSY_MESSAGE = /^database (table )?is locked/;

/**
 * Whether an error is SQLite refusing for a lock, from either driver: better-sqlite3 names the
 * code (`SQLITE_BUSY`, `SQLITE_BUSY_SNAPSHOT`…); node:sqlite gives the number (`errcode`) on
 * Node, and on Deno (2.9) only SQLite's own message. drizzle may wrap it, hence the cause.
 */
export function isBusy(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseLockedError) return false;
    const { code, errcode, message } = e as { code?: unknown; errcode?: unknown; message?: unknown };
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) return true;
    if (typeof errcode === 'number' && BUSY_CODES.has(errcode & 0xff)) return true;
    if (code === 'ERR_SQLITE_ERROR' && typeof message === 'string' && BUSY_MESSAGE.test(message)) return true;
  }
  return false;
}

export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
  readonly code = 'SQLITE_BUSY';
}

/**
 * Runs op, and again after a pause each time SQLite refused it for a lock. A refused statement
 * wrote nothing, so trying it again is safe; a store call's earlier statements are each
 * idempotent (their own unique keys and conditions), or run together in one transaction.
 */
export async function whenUnlocked<T>(op: () => T | Promise<T>, deadlineMs = WRITE_DEADLINE_MS): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isBusy(err)) throw err;
      const pause = RETRY_PAUSE_MS[Math.min(attempt, RETRY_PAUSE_MS.length - 1)]!;
      if (Date.now() - started + pause >= deadlineMs) {
        throw new DatabaseLockedError(`the SQLite database stayed locked by another process for ${deadlineMs / 1000} s; the write was not made`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

/**
 * Every method of a store, through whenUnlocked: the plain single-statement writes (status and
 * recording callbacks, the worker's job bookkeeping, a leg's end…) as much as the transactions.
 * `except` names the calls that must answer at once, such as the health check's write probe.
 */
export function lockTolerant<S extends object>(store: S, except: ReadonlySet<keyof S>, deadlineMs = WRITE_DEADLINE_MS): S {
  const out = { ...store };
  for (const [name, value] of Object.entries(store) as [keyof S & string, unknown][]) {
    if (typeof value !== 'function' || except.has(name)) continue;
    const method = value as (...args: unknown[]) => unknown;
    (out as Record<string, unknown>)[name] = (...args: unknown[]) => whenUnlocked(() => method.apply(store, args), deadlineMs);
  }
  return out;
}
