// Both processes open the database at start, and with PostgreSQL that is often before the server
// takes connections: compose starts every service at once, and the official postgres image first
// initialises an empty volume on a server that listens on its Unix socket only (TCP clients get
// ECONNREFUSED for a few seconds), then restarts it. systemd starts Liza after the network, not
// after a database on another host. So: retry connection-type failures for a bounded time, one
// log line per attempt; fail at once on anything else (a wrong password does not fix itself).
import { createStore, type Store, type StoreOptions } from '../store/index.ts';

export interface WaitLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface WaitOptions {
  /** Attempts in all, the first included (default 30). */
  attempts?: number;
  /** Pause between attempts (default 2000 ms): 30 × 2 s fits inside compose's healthcheck grace. */
  delayMs?: number;
  /** How to open the store (default: createStore). */
  open?: (url: string) => Promise<Store>;
  /** Injected so tests wait for events, not time. */
  sleep?: (ms: number) => Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

// Node socket errors, postgres-js' own connection errors, and the SQLSTATEs a server uses while
// it starts or shuts down (57P03 "the database system is starting up", 57P01 the init server's
// fast shutdown, 08xxx connection exceptions).
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006',
]);

/** Whether an error from opening the store means "the server is not there yet". */
export function isTransientDatabaseError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    // AggregateError (Node's happy-eyeballs connect over IPv4 and IPv6) carries the real ones.
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.some(isTransientDatabaseError)) return true;
  }
  return false;
}

/** `user:password@` never reaches a log line. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}

function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const msg = typeof e?.message === 'string' && e.message ? e.message : String(err);
  return typeof e?.code === 'string' && !msg.includes(e.code) ? `${e.code} ${msg}` : msg;
}

/**
 * Opens the store, retrying while the database is not reachable yet. Throws
 * DatabaseUnavailableError after the last attempt, or the original error when it is not a
 * connection problem (bad credentials, a failed migration).
 */
export async function openStoreWhenReady(url: string, logger: WaitLogger, opts: WaitOptions = {}): Promise<Store> {
  const attempts = opts.attempts ?? 30;
  const delayMs = opts.delayMs ?? 2000;
  const open = opts.open ?? createStore;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const where = redactDatabaseUrl(url);
  for (let attempt = 1; ; attempt++) {
    try {
      const store = await open(url);
      if (attempt > 1) logger.info({ database: where, attempt }, `database reachable after ${attempt} attempts`);
      return store;
    } catch (err) {
      if (!isTransientDatabaseError(err)) throw err;
      if (attempt >= attempts) {
        throw new DatabaseUnavailableError(
          `database ${where} still not reachable after ${attempts} attempts over ${Math.round(((attempts - 1) * delayMs) / 1000)} s: ${describe(err)}. ` +
            'Check DATABASE_URL and that the database server is running and accepts TCP connections.',
          err,
        );
      }
      logger.warn(
        { database: where, attempt, attempts, retryInMs: delayMs, error: describe(err) },
        `database not reachable yet (${describe(err)}); attempt ${attempt}/${attempts}, retrying in ${delayMs / 1000} s`,
      );
      await sleep(delayMs);
    }
  }
}

const codeOf = (err: unknown): string => {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return '';
};

/** What an operator should do about a database that cannot be opened or written, by its error. */
export function databaseAdvice(url: string, err: unknown): string {
  const code = codeOf(err);
  const where = redactDatabaseUrl(url);
  if (/^postgres(ql)?:/.test(url)) {
    if (code === 'READ_ONLY') return `Point DATABASE_URL at the primary server, not a read-only standby (${where}).`;
    if (code === '28P01' || code === '28000') return 'Check the user name and password in DATABASE_URL.';
    if (code === '3D000') return 'Create that database first (createdb), or fix its name in DATABASE_URL.';
    return 'Check DATABASE_URL and that the database server is running and accepts connections.';
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS')
    return `The SQLite file ${where} is read-only: give the user running Liza write access to it AND to its directory (SQLite writes ${where}-wal and -shm next to it), or point DATABASE_URL at a writable place.`;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return `Another process holds a write lock on ${where}: stop whatever else writes to it (a backup tool, a second copy of Liza on another file system) and start again.`;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return `${where} is not a SQLite database Liza can use: restore a backup or point DATABASE_URL at a new file.`;
  return `Liza creates the SQLite file ${where} and its directory on first start: check that DATABASE_URL names a path in a directory the user running Liza may create and write (not a file, not a read-only mount).`;
}

/**
 * The entry files' form: waits, and on failure prints one readable line and exits 1 (systemd
 * and compose restart the process; an operator reads why in the log).
 */
export async function openStoreOrExit(
  url: string,
  logger: WaitLogger & { fatal(obj: object, msg: string): void },
  exit: (code: number) => never,
  storeOptions: StoreOptions = {},
): Promise<Store> {
  let store: Store;
  try {
    store = await openStoreWhenReady(url, logger, { open: (u) => createStore(u, storeOptions) });
  } catch (err) {
    const advice = databaseAdvice(url, err);
    logger.fatal({ database: redactDatabaseUrl(url), error: describe(err), advice }, `cannot open the database: ${describe(err)}. ${advice}`);
    return exit(1);
  }
  try {
    // A file that opens but cannot be written would fail every call later; say so now.
    await store.checkWritable();
  } catch (err) {
    const advice = databaseAdvice(url, err);
    logger.fatal({ database: redactDatabaseUrl(url), error: describe(err), advice }, `the database cannot be written: ${describe(err)}. ${advice}`);
    await store.close().catch(() => undefined);
    return exit(1);
  }
  return store;
}
