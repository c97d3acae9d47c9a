// Not a test: `npx tsx test/deploy/bench-edges.ts` compares one webhook under load on the Node
// edge and on the Deno edge, then what the shipped nginx (TLS, kept-alive connections) adds to
// GET /health. Closed loop: CONCURRENCY requests in flight for SECONDS each; every webhook is an
// order confirmation (a new call, event, order and link: a database write each time). Webhooks
// are not measured through nginx: from one address its rate limit (50/s) answers most with 429.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signTwilioRequest } from '../../src/telephony/signature.ts';
import { freePort, startProcess, type Started } from '../helpers/processes.ts';
import { TSX_IMPORT } from '../helpers/spawn-edge.ts';
import { makeCert, startNginx } from './nginx-harness.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const TOKEN = 'bench-edges-token-0123456789';

type Send = (path: string, body: string, sig: string) => Promise<number>;

function httpSender(port: number): Send {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  return (path, body, sig) =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), 'X-Twilio-Signature': sig } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
}

function webhook(name: string, publicBase: string, send: Send) {
  let i = 0;
  return () => {
    const n = i++;
    const path = `/webhook/order_confirm?lang=de-DE&n=3&m=0&o=${100000 + n}`;
    const params = { CallSid: `CA${name.replace(/\W/g, '')}${n}`, From: '+4915112345678', To: '+4930123456', CallStatus: 'in-progress', Digits: '1' };
    return send(path, new URLSearchParams(params).toString(), signTwilioRequest(TOKEN, publicBase + path, params));
  };
}

async function load(name: string, request: () => Promise<number>) {
  const lat: number[] = [];
  let bad = 0;
  const one = async () => {
    const t = performance.now();
    const status = await request();
    lat.push(performance.now() - t);
    if (status !== 200) bad++;
  };
  const until = performance.now() + SECONDS * 1000;
  const warm = performance.now() + 1000;
  while (performance.now() < warm) await Promise.all(Array.from({ length: CONCURRENCY }, one));
  lat.length = 0;
  bad = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (performance.now() < until) await one(); }));
  const s = lat.sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1);
  console.log(`${name.padEnd(20)} ${(s.length / ((performance.now() - t0) / 1000)).toFixed(0).padStart(6)} req/s   p50 ${p(0.5)} ms   p99 ${p(0.99)} ms   non-200: ${bad}`);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'liza-bench-edges-'));
  const procs: Started[] = [];
  try {
    const env = (port: number, db: string, base: string) => ({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: join(dir, db), PUBLIC_BASE_URL: base, TWILIO_AUTH_TOKEN: TOKEN, LOG_LEVEL: 'error' });
    const nodePort = await freePort();
    procs.push(await startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/edge/main.node.ts'], { env: env(nodePort, 'node.db', `http://127.0.0.1:${nodePort}`), readyUrl: `http://127.0.0.1:${nodePort}/health` }));
    await load('node edge webhook', webhook('node', `http://127.0.0.1:${nodePort}`, httpSender(nodePort)));
    await procs.pop()!.stop();

    const denoPort = await freePort();
    procs.push(await startProcess('npm', ['run', '--silent', 'edge:deno'], { env: env(denoPort, 'deno.db', `http://127.0.0.1:${denoPort}`), readyUrl: `http://127.0.0.1:${denoPort}/health` }));
    await load('deno edge webhook', webhook('deno', `http://127.0.0.1:${denoPort}`, httpSender(denoPort)));
    await procs.pop()!.stop();

    const [edgePort, httpPort, httpsPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const publicBase = `https://localhost:${httpsPort}`;
    procs.push(await startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/edge/main.node.ts'], { env: env(edgePort, 'nginx.db', publicBase), readyUrl: `http://127.0.0.1:${edgePort}/health` }));
    const cert = makeCert(dir);
    const nginx = await startNginx(dir, { httpPort, httpsPort, edgePort, workerPort: edgePort, ...cert });
    procs.push(nginx.proc);
    const f = nginx.fetch;
    const get = async (url: string) => {
      const r = await f(url);
      await r.arrayBuffer();
      return r.status;
    };
    const direct = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    await load('health direct', () => new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: edgePort, path: '/health', agent: direct }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }).on('error', reject).end();
    }));
    await load('health via nginx', () => get(`${publicBase}/health`));
    direct.destroy();
    f.agent.destroy();
  } finally {
    for (const p of procs.reverse()) await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
