// `npm start`: the edge and the worker side by side, as two processes (as in production), with
// their output interleaved line by line and both stopped together: on Ctrl-C (SIGINT), SIGTERM,
// SIGHUP, when whoever started us goes away (npm killed, its shell gone), and when our output
// pipe closes (`npm start | head`, a pino-pretty that exited).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';

/** Children get this long to stop after SIGTERM (the worker drains calls for 7 s), then SIGKILL. */
const GRACE_MS = 10_000;
/** How often we look whether our parent is still there (there is no event for it). */
const PARENT_CHECK_MS = 1000;

const procs: Array<{ name: string; entry: string }> = [{ name: 'edge', entry: 'src/edge/main.node.ts' }];
if (existsSync('src/worker/main.ts')) procs.push({ name: 'worker', entry: 'src/worker/main.ts' });
const STOP_WITH_PARENT = new URL('./stop-with-parent.ts', import.meta.url).href;

const children: ChildProcess[] = [];
let stopping = false;
/** Streams whose reader is gone: writing to them is pointless, and stopping is the answer. */
const closed = new Set<Writable>();

function guard(stream: Writable, name: string) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    closed.add(stream);
    stopAll(0, `${name} closed`);
  });
}
guard(process.stdout, 'output pipe');
guard(process.stderr, 'error output pipe');

const write = (to: Writable, text: string) => void (closed.has(to) || to.write(text));
const say = (line: string) => write(process.stderr, `[start] ${line}\n`);

function stopAll(code: number, why: string) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  say(`${why}: stopping ${procs.map((p) => p.name).join(' and ')}`);
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  // A child that does not stop in time is killed rather than left behind.
  const kill = setTimeout(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }, GRACE_MS);
  kill.unref();
  void Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => {
    clearTimeout(kill);
    process.exit(process.exitCode ?? code);
  });
}

/** A child's output, copied line by line so the two processes' JSON lines never interleave mid-line. */
function forward(from: NodeJS.ReadableStream, to: Writable) {
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  lines.on('line', (line) => write(to, line + '\n'));
}

for (const p of procs) {
  // An IPC channel, so a child notices (and stops) when this process dies without a word (SIGKILL).
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', STOP_WITH_PARENT, p.entry], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: process.env,
  });
  forward(child.stdout!, process.stdout);
  forward(child.stderr!, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) stopAll(code ?? 1, `${p.name} exited (${signal ?? code})`);
  });
  children.push(child);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopAll(0, signal));

// `npm start` runs us under `sh -c`; a SIGTERM or SIGKILL to npm ends npm and the shell but never
// reaches us, and we would run on as an orphan. A new parent id means the old parent is gone.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stopAll(0, 'the process that started us is gone');
}, PARENT_CHECK_MS).unref();
