// Webhook latency under a steady, paced load (`npm run bench:webhook`).
// Paced, not burst: each request is sent at its own scheduled instant and its latency is
// measured from that instant (no coordinated omission). autocannon's rate mode sends each
// second's quota in one burst, which inflates p99 about threefold.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signTwilioRequest } from '../src/telephony/signature.ts';
import { freePort, startTs, tempDir, waitForHealth } from '../test/helpers/spawn-edge.ts';
import { createPgBenchDb } from './webhook-pg.ts';
import { machineLine, writeSection } from './results-file.ts';

const RATES = (process.env.BENCH_RATES ?? '500,1000,2000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TOKEN = 'bench-token-0123456789';
/** BENCH_DB=pg (npm run bench:webhook:pg): the same load against PostgreSQL, in a throwaway database. */
const PG = process.env.BENCH_DB === 'pg';
const PG_NOTE = ' On PostgreSQL the database work runs in the\nserver\'s own processes (on the same cores): the database CPU column, from their /proc entries.';

const cpuTicks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100 Hz)
};
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const pgDb = PG ? await createPgBenchDb() : null;
  const databaseUrl = pgDb ? pgDb.url : join(tempDir('liza-bench-'), 'liza.db');
  const edge = startTs('src/edge/main.node.ts', { PORT: String(port), DATABASE_URL: databaseUrl, TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: base, LOG_LEVEL: 'error' });
  await waitForHealth(`${base}/health`, edge);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const signed = (path: string, params: Record<string, string>) => ({ path, body: new URLSearchParams(params).toString(), sig: signTwilioRequest(TOKEN, base + path, params) });
  /**
   * One pre-signed order confirmation per request, each for its own call (created beforehand by
   * /webhook/voice, untimed, as in a real call): an IVR event, an order and its link each time.
   */
  const requests = (rate: number, tag: string) =>
    Array.from({ length: rate * SECONDS }, (_, i) => {
      const call = { CallSid: `CA${tag}${i}`, From: '+4915112345678', To: '+4930123456', CallStatus: 'in-progress' };
      return {
        voice: signed('/webhook/voice', call),
        confirm: signed(`/webhook/order_confirm?lang=de-DE&n=3&m=0&o=${String(100000 + i)}`, { ...call, Digits: '1' }),
      };
    });

  const send = (r: { path: string; body: string; sig: string }) =>
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

  const rows: string[] = [];
  for (const rate of RATES) {
    const calls = requests(rate, `r${rate}x`);
    for (let i = 0; i < calls.length; i += 32) await Promise.all(calls.slice(i, i + 32).map((c) => send(c.voice)));
    const list = calls.map((c) => c.confirm);
    const latencies: number[] = [];
    let errors = 0;
    const ticks0 = cpuTicks(edge.child.pid!);
    const dbTicks0 = pgDb?.serverTicks() ?? 0;
    const t0 = performance.now() + 5;
    const interval = 1000 / rate;
    let next = 0;
    await new Promise<void>((done) => {
      let inflight = 0;
      const pump = () => {
        const now = performance.now();
        while (next < list.length && t0 + next * interval <= now) {
          const scheduled = t0 + next * interval;
          inflight++;
          send(list[next++]!).then(
            (status) => {
              if (status !== 200) errors++;
              latencies.push(performance.now() - scheduled);
              if (--inflight === 0 && next >= list.length) done();
            },
            () => {
              errors++;
              if (--inflight === 0 && next >= list.length) done();
            },
          );
        }
        if (next < list.length) setImmediate(pump);
      };
      pump();
    });
    const wall = (performance.now() - t0) / 1000;
    const cpuUs = ((cpuTicks(edge.child.pid!) - ticks0) * 10_000) / list.length;
    const dbCol = pgDb ? ` ${(((pgDb.serverTicks() - dbTicks0) * 10_000) / list.length).toFixed(0)} |` : '';
    latencies.sort((a, b) => a - b);
    const row = `| ${rate} | ${(list.length / wall).toFixed(0)} | ${pct(latencies, 50).toFixed(2)} | ${pct(latencies, 99).toFixed(2)} | ${pct(latencies, 99.9).toFixed(2)} | ${cpuUs.toFixed(0)} |${dbCol} ${errors} |`;
    console.log(row);
    rows.push(row);
  }
  agent.destroy();
  await edge.stop();
  await pgDb?.drop();

  writeSection(
    PG ? 'webhook-pg' : 'webhook',
    `## Webhook latency (${PG ? 'PostgreSQL 15 on the same machine, pool of 10' : 'SQLite'}, signed, with the database write)

\`npm run bench:webhook${PG ? ':pg' : ''}\` · ${machineLine()}

\`POST /webhook/order_confirm\` (Digits=1: signature check, then an IVR event, a new order and its link to the call in
one transaction, and the TwiML answer; each request belongs to its own call, created beforehand through
\`/webhook/voice\` and not timed) against the real edge process, ${SECONDS} s per rate, paced: every request is sent at its
own scheduled instant and timed from it. The load generator runs on the same 2 cores. CPU is the edge
process's user+system time per request (from /proc, 10 ms resolution).${PG ? PG_NOTE : ''}

| target req/s | achieved req/s | p50 ms | p99 ms | p99.9 ms | edge CPU µs/req |${PG ? ' database CPU µs/req |' : ''} errors |
|---|---|---|---|---|---|${PG ? '---|' : ''}---|
${rows.join('\n')}

Goal: p99 ≤ 5 ms at 2,000 req/s and ≤ 150 µs CPU per request. Reference: Twilio's Express IVR sample, p99 6.7 ms
at that rate with no database and no signature check, about 200 µs per request.`,
  );
}

await main();
