// `npm start`: the edge and the worker side by side, as two processes (as in production), with
// their output interleaved and both stopped together.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const procs: Array<{ name: string; entry: string }> = [{ name: 'edge', entry: 'src/edge/main.node.ts' }];
if (existsSync('src/worker/main.ts')) procs.push({ name: 'worker', entry: 'src/worker/main.ts' });

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 8000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
}

for (const p of procs) {
  const child = spawn(process.execPath, ['--import', 'tsx', p.entry], { stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${p.name} exited (${signal ?? code}); stopping the others`);
      stopAll(code ?? 1);
    }
  });
  children.push(child);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
