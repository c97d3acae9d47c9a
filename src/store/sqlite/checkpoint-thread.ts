// The checkpoint thread's code (checkpointer.ts starts it). Kept as source text run with
// `new Worker(…, { eval: true })` rather than as a worker file: the production build bundles the
// store into dist/chunks/, where a separate worker file would need its own entry and path, while
// text travels inside the bundle unchanged, and runs the same from the sources, dist/ and the image.
// Plain CommonJS JavaScript, on purpose: it is never compiled.
//
// It opens its own connection and copies the WAL back into the database file
// (https://www.sqlite.org/wal.html#checkpointing), PASSIVE so that it never waits for or blocks
// the process's readers and writers (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html). The
// fsyncs a checkpoint makes therefore stall this thread, not the event loop answering webhooks.
// Quiet for idleMs, it truncates the WAL to zero bytes and exits: an idle process holds no
// thread, and the zero-length WAL lets the watcher see the next burst of writes (checkpointer.ts).
export const CHECKPOINT_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { path, everyMs, idleMs } = workerData;
const db = new Database(path);
// Waits for nothing: a checkpoint that meets a lock is tried again at the next tick.
db.pragma('busy_timeout = 0');
let lastLog = -1;
let quietSince = Date.now();
const tick = () => {
  let r;
  try {
    r = db.pragma('wal_checkpoint(PASSIVE)')[0];
  } catch (err) {
    if (err && (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_LOCKED')) return;
    throw err;
  }
  parentPort.postMessage({ kind: 'checkpoint', busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  const now = Date.now();
  if (r.log !== lastLog || r.checkpointed !== r.log) quietSince = now;
  lastLog = r.log;
  if (now - quietSince < idleMs) return;
  clearInterval(timer);
  let truncated = false;
  try {
    truncated = db.pragma('wal_checkpoint(TRUNCATE)')[0].busy === 0;
  } catch {}
  db.close();
  parentPort.postMessage({ kind: 'idle', truncated });
};
const timer = setInterval(tick, everyMs);
`;
