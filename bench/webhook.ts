// Webhook latency under a steady, paced load (`npm run bench:webhook`), Liza beside a floor.
// Paced, not burst: each request is sent at its own scheduled instant and its latency is
// measured from that instant (no coordinated omission). autocannon's rate mode sends each
// second's quota in one burst, which inflates p99 about threefold.
// The floor (bench/floors/twiml-floor.mjs: node:http answering fixed TwiML) takes the same load in
// the same run, so the ratio Liza/floor is comparable across machines where raw figures are not.
import http from 'node:http';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { signTwilioRequest } from '../src/telephony/signature.ts';
import { freePort, ROOT, startNode, tempDir, TSX_IMPORT, waitForHealth, type Started } from '../test/helpers/spawn-edge.ts';
import { createPgBenchDb, type PgBenchDb } from './webhook-pg.ts';
import { machineLine, writeSection } from './results-file.ts';
import { cpuTicks, pct } from './proc-stats.ts';
import { shippedNodeFlags } from './shipped-flags.ts';

const RATES = (process.env.BENCH_RATES ?? '500,1000,2000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TOKEN = 'bench-token-0123456789';
/** BENCH_DB=pg (npm run bench:webhook:pg): the same load against PostgreSQL, in a throwaway database. */
const PG = process.env.BENCH_DB === 'pg';
/**
 * BENCH_EDGE=dist: the compiled edge (`npm run build` first), as production runs it; by default the
 * sources through tsx, as `npm start` does.
 */
const DIST = process.env.BENCH_EDGE === 'dist';
/** With BENCH_EDGE=dist, the flags the edge's unit starts node with; the floor gets the same, so both run alike. */
const SHIPPED_FLAGS = DIST ? shippedNodeFlags('liza-edge') : [];
/** BENCH_NODE_FLAGS: extra node flags for the edge, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it under this load. */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const STORE_NOTE = `
The second floor, "floor + store" (\`bench/floors/store-floor.ts\`), adds to the first only what Liza cannot skip: the
form, the signature check, the caller's number and Liza's own store writing the same turns (SQLite); no Hono, no IVR.`;
const PG_NOTE = ' On PostgreSQL the database work runs in the\nserver\'s own processes (on the same cores): the database CPU column, from their /proc entries.';


interface Req { path: string; body: string; sig: string }
interface Result { target: string; hook: string; rate: number; achieved: number; p50: number; p99: number; p999: number; cpuUs: number; dbUs: number | null; errors: number }

/** `signBase`: the public URL requests are signed for (Twilio signs the URL it was given, not our socket's). */
interface Target { name: string; proc: Started; port: number; base: string; signBase: string; pgDb: PgBenchDb | null }

/**
 * Liza's public URL in the bench, as in production behind nginx: https and no port. (With a port,
 * twilio's validator first tries the URL without it, so every request would pay for two HMACs.)
 */
const PUBLIC_BASE_URL = 'https://liza.bench.example';

async function startLiza(): Promise<Target> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const pgDb = PG ? await createPgBenchDb() : null;
  const databaseUrl = pgDb ? pgDb.url : join(tempDir('liza-bench-'), 'liza.db');
  const env = { PORT: String(port), DATABASE_URL: databaseUrl, TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL, LOG_LEVEL: 'error' };
  const proc = DIST ? startNode([...SHIPPED_FLAGS, ...NODE_FLAGS, join(ROOT, 'dist/src/edge/main.node.mjs')], env) : startNode([...NODE_FLAGS, '--import', TSX_IMPORT, join(ROOT, 'src/edge/main.node.ts')], env);
  await waitForHealth(`${base}/health`, proc);
  return { name: 'Liza', proc, port, base, signBase: PUBLIC_BASE_URL, pgDb };
}

async function startFloor(): Promise<Target> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = startNode([...SHIPPED_FLAGS, join(ROOT, 'bench/floors/twiml-floor.mjs')], { PORT: String(port) });
  await waitForHealth(`${base}/health`, proc);
  return { name: 'floor', proc, port, base, signBase: PUBLIC_BASE_URL, pgDb: null };
}

/** The floor plus Liza's store writing each turn (bench/floors/store-floor.ts; SQLite), through tsx. */
async function startStoreFloor(): Promise<Target> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { PORT: String(port), DATABASE_URL: join(tempDir('liza-bench-'), 'liza.db'), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL, LOG_LEVEL: 'error' };
  const proc = startNode([...SHIPPED_FLAGS, '--import', TSX_IMPORT, join(ROOT, 'bench/floors/store-floor.ts')], env);
  await waitForHealth(`${base}/health`, proc);
  return { name: 'floor + store', proc, port, base, signBase: PUBLIC_BASE_URL, pgDb: null };
}

/** Sends every request at its own scheduled instant; latency is timed from that instant. */
function paced(send: (r: Req) => Promise<number>, list: Req[], rate: number) {
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now() + 5;
  const interval = 1000 / rate;
  let next = 0;
  return new Promise<{ latencies: number[]; errors: number; wall: number }>((done) => {
    let inflight = 0;
    const finish = () => {
      if (--inflight === 0 && next >= list.length) done({ latencies, errors, wall: (performance.now() - t0) / 1000 });
    };
    const pump = () => {
      const now = performance.now();
      while (next < list.length && t0 + next * interval <= now) {
        const scheduled = t0 + next * interval;
        inflight++;
        send(list[next++]!).then(
          (status) => {
            if (status !== 200) errors++;
            latencies.push(performance.now() - scheduled);
            finish();
          },
          () => (errors++, finish()),
        );
      }
      if (next < list.length) setImmediate(pump);
    };
    pump();
  });
}

async function run(target: Target): Promise<Result[]> {
  const { port, signBase, pgDb } = target;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const signed = (path: string, params: Record<string, string>): Req => ({ path, body: new URLSearchParams(params).toString(), sig: signTwilioRequest(TOKEN, signBase + path, params) });
  /**
   * Per request its own call: `/webhook/voice` creates it (the first turn: a new call, its event),
   * then `/webhook/order_confirm` with Digits=1 (an IVR event, a new order and its link, in one transaction).
   */
  const requests = (rate: number, tag: string) =>
    Array.from({ length: rate * SECONDS }, (_, i) => {
      // Each call its own caller, as in life (the edge keeps a call's parsed number for its later webhooks).
      const call = { CallSid: `CA${tag}${i}`, From: `+49151${String(rate * 7919 + i).padStart(8, '0')}`, To: '+4930123456', CallStatus: 'in-progress' };
      return {
        voice: signed('/webhook/voice', call),
        confirm: signed(`/webhook/order_confirm?lang=de-DE&n=3&m=0&o=${String(100000 + i)}`, { ...call, Digits: '1' }),
      };
    });
  const send = (r: Req) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: r.path, method: 'POST', agent, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(r.body), 'X-Twilio-Signature': r.sig } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(r.body);
    });

  // Warm-up (JIT, SQLite page cache).
  for (const r of requests(200, 'warm').slice(0, 2000)) (await send(r.voice), await send(r.confirm));

  const results: Result[] = [];
  for (const rate of RATES) {
    const calls = requests(rate, `r${rate}x`);
    for (const hook of ['voice', 'order_confirm'] as const) {
      const list = calls.map((c) => (hook === 'voice' ? c.voice : c.confirm));
      const ticks0 = cpuTicks(target.proc.child.pid!);
      const dbTicks0 = pgDb?.serverTicks() ?? 0;
      const { latencies, errors, wall } = await paced(send, list, rate);
      latencies.sort((a, b) => a - b);
      const r: Result = {
        target: target.name, hook, rate, achieved: list.length / wall,
        p50: pct(latencies, 50), p99: pct(latencies, 99), p999: pct(latencies, 99.9),
        cpuUs: ((cpuTicks(target.proc.child.pid!) - ticks0) * 10_000) / list.length,
        dbUs: pgDb ? ((pgDb.serverTicks() - dbTicks0) * 10_000) / list.length : null,
        errors,
      };
      console.log(JSON.stringify(r));
      results.push(r);
    }
  }
  agent.destroy();
  return results;
}

async function main() {
  // The machine is shared: its 1-minute load average before and after goes into the section.
  const loadBefore = loadavg()[0]!;
  // The floor first, then Liza, one at a time: each gets the machine to itself.
  const floor = await startFloor();
  const floorResults = await run(floor);
  await floor.proc.stop();
  let storeResults: Result[] = [];
  if (!PG) {
    const storeFloor = await startStoreFloor();
    storeResults = await run(storeFloor);
    await storeFloor.proc.stop();
  }
  const liza = await startLiza();
  const lizaResults = await run(liza);
  await liza.proc.stop();
  await liza.pgDb?.drop();

  const load = `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`;
  const f = (n: number) => n.toFixed(2);
  const row = (r: Result) =>
    `| ${r.target} | \`${r.hook}\` | ${r.rate} | ${r.achieved.toFixed(0)} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.p999)} | ${r.cpuUs.toFixed(0)} |${PG ? ` ${r.dbUs!.toFixed(0)} |` : ''} ${r.errors} |`;
  const ratios = lizaResults.map((l) => {
    const fl = floorResults.find((x) => x.hook === l.hook && x.rate === l.rate)!;
    const cpu = (l.cpuUs + (l.dbUs ?? 0)) / fl.cpuUs;
    const st = storeResults.find((x) => x.hook === l.hook && x.rate === l.rate);
    const store = st ? ` ${(st.cpuUs / fl.cpuUs).toFixed(1)} × | ${(l.cpuUs / st.cpuUs).toFixed(2)} × |` : '';
    return `| \`${l.hook}\` | ${l.rate} | ${cpu.toFixed(1)} × | ${(l.p99 / fl.p99).toFixed(1)} × |${store}`;
  });
  console.log(ratios.join('\n'));

  writeSection(
    PG ? 'webhook-pg' : 'webhook',
    `## Webhook latency (${PG ? 'PostgreSQL 15 on the same machine, pool of 10' : 'SQLite'}, signed, with the database write), beside the floor

\`${DIST ? 'BENCH_EDGE=dist ' : ''}npm run bench:webhook${PG ? ':pg' : ''}\` (${DIST ? `the compiled edge, dist/, as shipped: node ${SHIPPED_FLAGS.join(' ')}; the floor with the same flags` : 'the sources through tsx'}) · ${machineLine()} · ${load}

Each request belongs to its own call, from its own caller number: \`POST /webhook/voice\` (signature check, the call created, its first turn
written, the TwiML answer), then \`POST /webhook/order_confirm\` (Digits=1: an IVR event, a new order and its link to
the call in one transaction), each paced at the target rate for ${SECONDS} s against the real edge process: every
request is sent at its own scheduled instant and timed from it. Requests are signed for the public URL
${PUBLIC_BASE_URL} (https, no port, as behind nginx). The load generator runs on the same 2 cores. CPU is
the server process's user+system time per request (from /proc, 10 ms resolution).${PG ? PG_NOTE : ''}
The floor (\`bench/floors/twiml-floor.mjs\`) is Node's own HTTP server answering fixed TwiML, no signature and no
database, under the same load in the same run.${PG ? '' : STORE_NOTE}

| server | webhook | target req/s | achieved req/s | p50 ms | p99 ms | p99.9 ms | CPU µs/req |${PG ? ' database CPU µs/req |' : ''} errors |
|---|---|---|---|---|---|---|---|${PG ? '---|' : ''}---|
${[...floorResults, ...storeResults, ...lizaResults].map(row).join('\n')}

Liza / floor in this run (CPU per request${PG ? ' including the database server\'s' : ''}, p99):

| webhook | req/s | CPU per request | p99 |${PG ? '' : ' floor + store / floor, CPU | Liza / (floor + store), CPU |'}
|---|---|---|---|${PG ? '' : '---|---|'}
${ratios.join('\n')}

Goal (issue 14): at 2,000 req/s p99 ≤ 5 ms and CPU per request ≤ 3 × the floor's.`,
  );
}

await main();
