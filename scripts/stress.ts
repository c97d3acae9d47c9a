// `npm run test:stress`: the whole suite while every core is kept busy by a CPU hog, to flush out
// tests that depend on timing. The hogs start before vitest and are always stopped after it (also
// on Ctrl+C); each also exits by itself if this script dies, so none is ever left spinning.
// Extra arguments go to `vitest run` (e.g. a file filter).
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

// Spins in 50 ms slices, so it still notices (between slices) that its parent has gone.
const HOG = `
process.on('disconnect', () => process.exit(0));
const spin = () => { const end = Date.now() + 50; while (Date.now() < end); setImmediate(spin); };
spin();`;

const cores = availableParallelism();
const hogs: ChildProcess[] = Array.from({ length: cores }, () => spawn(process.execPath, ['-e', HOG], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
const stopHogs = () => {
  for (const h of hogs) if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
};
process.on('exit', stopHogs);
console.log(`[stress] ${hogs.length} CPU hogs started (one per core); running the suite`);

const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const started = Date.now();
const run = spawn(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => run.kill(signal));
run.on('close', (code, signal) => {
  stopHogs();
  console.log(`[stress] suite ${code === 0 ? 'passed' : 'FAILED'} under load in ${((Date.now() - started) / 1000).toFixed(0)} s; CPU hogs stopped`);
  process.exit(code ?? (signal ? 1 : 0));
});
