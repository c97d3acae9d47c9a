// Idle memory of each process (`npm run bench:idle-memory`): RSS once /health answers and the process has
// settled, from the sources through tsx (development) and from the compiled bundles (`npm run build`:
// what the image and the systemd units run, with the node flags of the units' ExecStart), beside the
// webhook floor (node:http, fixed TwiML). BENCH_BASELINE=<a built checkout of another commit> adds
// that checkout's compiled processes, for a before/after in one run.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ROOT, startNode, startTs, tempDir, waitForHealth, type Started } from '../test/helpers/spawn-edge.ts';
import { machineLine, writeSection } from './results-file.ts';

const SETTLE_MS = 5000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The node flags a systemd unit starts its process with (the Dockerfile's ENTRYPOINT passes the same). */
function unitFlags(unit: string): string[] {
  const exec = /^ExecStart=(.*)$/m.exec(readFileSync(join(ROOT, 'deploy/systemd', unit), 'utf8'))![1]!.split(' ');
  return exec.slice(1, -1);
}
const EDGE_FLAGS = unitFlags('liza-edge.service');
const WORKER_FLAGS = unitFlags('liza-worker.service');
const BASELINE = process.env.BENCH_BASELINE;

type Start = (env: Record<string, string>) => Started;
const CASES: Array<{ name: string; start: Start }> = [
  { name: 'floor (node:http, fixed TwiML)', start: (env) => startNode([join(ROOT, 'bench/floors/twiml-floor.mjs')], env) },
  { name: 'edge, sources through tsx', start: (env) => startTs('src/edge/main.node.ts', env) },
  { name: 'edge, compiled (dist/), no node flags', start: (env) => startNode([join(ROOT, 'dist/src/edge/main.node.mjs')], env) },
  { name: `edge, compiled (dist/), as shipped: ${EDGE_FLAGS.join(' ')}`, start: (env) => startNode([...EDGE_FLAGS, join(ROOT, 'dist/src/edge/main.node.mjs')], env) },
  { name: 'worker, sources through tsx', start: (env) => startTs('src/worker/main.ts', env) },
  { name: 'worker, compiled (dist/), no node flags', start: (env) => startNode([join(ROOT, 'dist/src/worker/main.mjs')], env) },
  { name: `worker, compiled (dist/), as shipped: ${WORKER_FLAGS.join(' ')}`, start: (env) => startNode([...WORKER_FLAGS, join(ROOT, 'dist/src/worker/main.mjs')], env) },
  ...(BASELINE
    ? [
        { name: `edge, compiled, baseline (${BASELINE})`, start: (env: Record<string, string>) => startNode([join(BASELINE, 'dist/src/edge/main.node.mjs')], env, BASELINE) },
        { name: `worker, compiled, baseline (${BASELINE})`, start: (env: Record<string, string>) => startNode([join(BASELINE, 'dist/src/worker/main.mjs')], env, BASELINE) },
      ]
    : []),
];

async function idleRss(start: Start): Promise<number> {
  const port = await freePort();
  const env = {
    PORT: String(port), WORKER_PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'warn',
    DATABASE_URL: join(tempDir('liza-bench-idle-'), 'liza.db'), TWILIO_AUTH_TOKEN: 'bench-token-0123456789',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, PUBLIC_MEDIA_URL: `ws://127.0.0.1:${port}/media`,
  };
  const proc = start(env);
  try {
    await waitForHealth(`http://127.0.0.1:${port}/health`, proc);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return rssMiB(proc.child.pid!);
  } finally {
    await proc.stop();
  }
}

execFileSync('sh', [join(ROOT, 'scripts/build.sh')], { stdio: 'inherit' });
const rows: string[] = [];
for (const c of CASES) {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) samples.push(await idleRss(c.start));
  const row = `| ${c.name} | ${median(samples).toFixed(0)} MiB | ${samples.map((s) => s.toFixed(0)).join(', ')} |`;
  console.log(row);
  rows.push(row);
}
writeSection(
  'idle-memory',
  `## Idle memory per process

\`npm run bench:idle-memory\` · ${machineLine()}

RSS ${SETTLE_MS / 1000} s after \`/health\` first answers, on a new SQLite database, NODE_ENV=production; median of ${ROUNDS} starts.

| process | RSS (median) | each start |
|---|---|---|
${rows.join('\n')}

Goal (issue 14): each process ≤ 80 MB RSS when idle.`,
);
