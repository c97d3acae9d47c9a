// Idle memory of each process (`npm run bench:idle-memory`): RSS once /health answers and the process has
// settled, from the sources through tsx (development) and from the compiled bundles (`npm run build`:
// what the image and the systemd units run, with the node flags of the units' ExecStart), beside the
// webhook floor (node:http, fixed TwiML). BENCH_BASELINE=<a built checkout of another commit> adds
// that checkout's compiled processes, for a before/after in one run.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT, startNode, startTs, tempDir, waitForHealth, type Started } from '../test/helpers/spawn-edge.ts';
import { machineLine, writeSection } from './results-file.ts';
import { rssMiB } from './proc-stats.ts';
import { shippedNodeFlags } from './shipped-flags.ts';

// Two readings of one start: soon after start-up, and settled, once V8's memory reducer (which runs
// some seconds after allocation stops) has given start-up's garbage back, as a process idling for
// hours in production is.
const SETTLE_MS = 5000;
const SETTLED_MS = Number(process.env.BENCH_SETTLED_MS ?? 30_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const EDGE_FLAGS = shippedNodeFlags('liza-edge');
const WORKER_FLAGS = shippedNodeFlags('liza-worker');
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

async function idleRss(start: Start): Promise<{ soon: number; settled: number }> {
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
    const soon = rssMiB(proc.child.pid!);
    await new Promise((r) => setTimeout(r, SETTLED_MS - SETTLE_MS));
    return { soon, settled: rssMiB(proc.child.pid!) };
  } finally {
    await proc.stop();
  }
}

execFileSync('sh', [join(ROOT, 'scripts/build.sh')], { stdio: 'inherit' });
const loadAtStart = loadavg()[0]!.toFixed(1);
const rows: string[] = [];
const MB = 1.048576; // MiB → MB (the goal is in MB)
const shown = (xs: number[]) => `${median(xs).toFixed(0)} MiB (${(median(xs) * MB).toFixed(0)} MB) | ${xs.map((x) => x.toFixed(0)).join(', ')}`;
for (const c of CASES) {
  const samples: { soon: number; settled: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) samples.push(await idleRss(c.start));
  const row = `| ${c.name} | ${shown(samples.map((x) => x.soon))} | ${shown(samples.map((x) => x.settled))} |`;
  console.log(row);
  rows.push(row);
}
writeSection(
  'idle-memory',
  `## Idle memory per process

\`npm run bench:idle-memory\` · ${machineLine()}

RSS ${SETTLE_MS / 1000} s and ${SETTLED_MS / 1000} s after \`/health\` first answers (the same start), on a new SQLite database,
NODE_ENV=production; median of ${ROUNDS} starts. Machine load average (1 min) at the start of the run: ${loadAtStart}.

| process | RSS at ${SETTLE_MS / 1000} s (median) | each start | RSS at ${SETTLED_MS / 1000} s, settled (median) | each start |
|---|---|---|---|---|
${rows.join('\n')}

Where an idle process's memory goes (compiled edge, /proc/<pid>/smaps): the node binary's own pages (~34 MB in
the floor, ~42 MB in the edge: more of V8 and the loaders touched), V8's heap (new space up to 2 × 16 MB after
start-up without the flag, 2 × 4 MB with it; old space ~16 MB of modules), malloc and the SQLite addon. Not loaded
at start any more: twilio's REST package (~20 MB: axios, jsonwebtoken, every API class; now at the first REST call,
src/twilio-rest/lazy-client.ts), openai (~10 MB, at the first transcription or summary,
src/worker/jobs/openai-client.ts), the Berlin DateTimeFormat (ICU zone data, ~6 MB, at the first staff page).
Still loaded by the edge at start: zod (config, ~8 MB), libphonenumber-js/max (~5 MB, the webhook path),
prom-client (with @opentelemetry/api), pino, hono, drizzle (twilio's TwiML builder no longer: src/telephony/twiml.ts
renders TwiML itself). At ${SETTLE_MS / 1000} s start-up's garbage is still on V8's heap; V8's memory reducer
collects it once allocation has stopped for a while, which the ${SETTLED_MS / 1000} s column shows. The units' caps on V8's young generation (\`--max-semi-space-size\`: the
edge 8, the worker 4) make no difference at idle, where it has not grown: they bound what it takes under load (their
comments give the figures).

Goal (issue 14): each process ≤ 80 MB RSS when idle.`,
);
