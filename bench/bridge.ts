// The media bridge under load (`npm run bench:bridge`): N simulated calls at real-time pace through
// the real worker process, against the fake OpenAI Realtime server. Reports the worker's CPU,
// memory per call and engine-delta → Twilio-frame latency, and writes its section of RESULTS.md.
//
// Each call: Twilio side sends a 160-byte µ-law frame every 20 ms and echoes marks once their audio
// has "played"; engine side sends an 800-byte (100 ms) delta every 100 ms. The first 4 bytes of each
// delta carry a sequence number, so the frame Twilio receives is matched to the instant the engine
// sent it. Calls are spread over the period (as real calls are), not sent in lock-step bursts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { signTwilioRequest } from '../src/telephony/signature.ts';
import { createSqliteStore } from '../src/store/sqlite/index.ts';
import { createStreamToken } from '../src/telephony/stream-token.ts';
import { startFakeRealtime, type FakeRealtimeSession } from '../test/fakes/fake-realtime.ts';
import { freePort, ROOT, startNode, tempDir, TSX_IMPORT, waitForHealth } from '../test/helpers/spawn-edge.ts';
import { machineLine, writeSection } from './results-file.ts';
import { cpuTicks, pct, rssMiB } from './proc-stats.ts';
import { shippedNodeFlags } from './shipped-flags.ts';

const LEVELS = (process.env.BENCH_CALLS ?? '50,100,200,400,600,800').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TOKEN = 'bench-token-0123456789';
const TICK_MS = 5;
/** Floor and Liza run alternately this many times; the tables give each one's median per level. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
/** `Liza` or `floor`: run only that one (profiling: NODE_OPTIONS=--cpu-prof reaches the worker). */
const ONLY = process.env.BENCH_ONLY;
/** Node flags for the worker under test, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p` (not allowed in NODE_OPTIONS). */
const WORKER_ARGS = (process.env.BENCH_WORKER_ARGS ?? '').split(' ').filter(Boolean);
/** BENCH_WORKER=dist: the compiled worker (`npm run build` first) with its unit's node flags, as shipped; the
 * floor gets the same flags, so both run alike. By default the sources through tsx, as `npm start` does. */
const DIST = process.env.BENCH_WORKER === 'dist';
const SHIPPED_FLAGS = DIST ? shippedNodeFlags('liza-worker') : [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One simulated caller: its socket, its tick phase, its media frame, and the marks it will echo once played. */
interface Call { ws: WebSocket; phase: number; frame: string; marks: Array<{ name: string; due: number }>; playEnd: number; sent: number }

/** Liza's worker process, or the relay floor (bench/floors/relay-floor.mjs: plain JS, JSON translation only). */
async function startTarget(name: 'Liza' | 'floor', fakeUrl: string) {
  const port = await freePort();
  const mediaUrl = `ws://127.0.0.1:${port}/media`;
  const dbFile = join(tempDir('liza-bench-bridge-'), 'liza.db');
  const env = {
    WORKER_PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: dbFile,
    TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_MEDIA_URL: mediaUrl, OPENAI_API_KEY: 'sk-bench', OPENAI_REALTIME_URL: fakeUrl,
    MAX_STREAMS: '5000', MAX_CALL_SECONDS: '3600', LOG_LEVEL: 'error',
  };
  const liza = DIST ? [join(ROOT, 'dist/src/worker/main.mjs')] : ['--import', TSX_IMPORT, join(ROOT, 'src/worker/main.ts')];
  const entry = name === 'Liza' ? liza : [join(ROOT, 'bench/floors/relay-floor.mjs')];
  const worker = startNode([...SHIPPED_FLAGS, ...WORKER_ARGS, ...entry], env);
  await waitForHealth(`http://127.0.0.1:${port}/health`, worker);
  // Liza's worker admits a stream only for a call waiting for its AI leg (as after the caller
  // chose it at the help menu): the bench records that, as the edge would, in the same database.
  const store = name === 'Liza' ? createSqliteStore(dbFile) : null;
  const chooseAi = async (callSid: string) => {
    await store?.applyTurn({
      call: { callSid, fromMasked: '+49151****678', toNumber: null, language: 'de-DE', at: new Date() },
      event: { key: 'help', kind: 'ivr', step: 'help', detail: { next: 'connect_ai' }, at: new Date() },
    });
  };
  return { worker, port, mediaUrl, chooseAi, closeStore: () => store?.close() };
}

interface Level {
  n: number;
  cpuPerCall: number;
  /** RSS over the idle worker's, per call: includes one-off growth (code compiled, heap grown at first use). */
  kibPerCall: number;
  /** RSS growth from the previous level, per added call (null at the first level): what one more call costs. */
  marginalKib: number | null;
  p99: number;
  row: string;
}

async function run(name: 'Liza' | 'floor'): Promise<{ idleRss: number; levels: Level[] }> {
  const fake = await startFakeRealtime({ countAudioOnly: true });
  const { worker, port, mediaUrl, chooseAi, closeStore } = await startTarget(name, fake.url);
  const pid = worker.child.pid!;
  const signature = signTwilioRequest(TOKEN, mediaUrl, {});

  // Engine side: sequence-stamped deltas, send instants indexed by sequence number.
  const sentAt: number[] = [];
  let seq = 0;
  const deltaBody = Buffer.alloc(800, 0x7f);
  const engines: Array<{ s: FakeRealtimeSession; phase: number; prefix: string }> = [];
  let measuring = false;
  let latencies: number[] = [];

  const levels: Level[] = [];
  const rssAt: Array<{ n: number; rss: number }> = [];
  await sleep(1000);
  const idleRss = rssMiB(pid);
  for (const n of LEVELS) {
    await sleep(500);
    const calls: Call[] = [];
    engines.length = 0;
    const sessionsBefore = fake.sessions.length;
    // Ramp up in small groups, as calls arrive over time.
    for (let i = 0; i < n; i++) {
      // A new call per stream and level: each call takes one AI leg.
      const callSid = `CA${String(n * 100_000 + i).padStart(32, '0')}`;
      await chooseAi(callSid);
      const streamSid = `MZ${n}x${String(i).padStart(28, '0')}`;
      const ws = new WebSocket(mediaUrl, { headers: { 'X-Twilio-Signature': signature }, perMessageDeflate: false });
      await new Promise((res, rej) => (ws.once('open', res), ws.once('error', rej)));
      const call: Call = {
        ws, phase: i % (20 / TICK_MS), marks: [], playEnd: 0, sent: 0,
        frame: JSON.stringify({ event: 'media', sequenceNumber: '1', media: { track: 'inbound', chunk: '1', timestamp: '0', payload: Buffer.alloc(160, 0xff).toString('base64') }, streamSid }),
      };
      ws.on('message', (data: Buffer) => {
        const t = performance.now();
        const text = data.toString();
        if (text.startsWith('{"event":"media"')) {
          const p = text.indexOf('"payload":"') + 11;
          const stamp = Buffer.from(text.slice(p, p + 8), 'base64').readUInt32BE(0);
          if (measuring && sentAt[stamp] !== undefined) latencies.push(t - sentAt[stamp]!);
          call.playEnd = Math.max(call.playEnd, t) + 100;
        } else if (text.startsWith('{"event":"mark"')) {
          const p = text.indexOf('"name":"') + 8;
          call.marks.push({ name: text.slice(p, text.indexOf('"', p)), due: call.playEnd });
        }
      });
      ws.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
      ws.send(JSON.stringify({ event: 'start', sequenceNumber: '1', streamSid, start: { accountSid: 'AC' + '0'.repeat(32), streamSid, callSid, tracks: ['inbound'], mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 }, customParameters: { call: callSid, lang: 'de-DE', order: '', token: createStreamToken(TOKEN, callSid, new Date()) } } }));
      calls.push(call);
      if (i % 10 === 9) await sleep(20);
    }
    while (fake.sessions.length < sessionsBefore + n) await sleep(20);
    for (const [j, s] of fake.sessions.slice(sessionsBefore).entries()) {
      await s.waitForEvent((e) => e.type === 'session.update');
      // Ids as long as the real API's (`item_` and 21 characters): the bridge keeps them while audio plays.
      const id = String(s.id).padStart(21, 'C');
      s.send({ type: 'response.created', response: { id: `resp_${id}`, status: 'in_progress', output: [] } });
      engines.push({ s, phase: j % (100 / TICK_MS), prefix: `{"type":"response.output_audio.delta","event_id":"ev","response_id":"resp_${id}","item_id":"item_${id}","output_index":0,"content_index":0,"delta":"` });
    }

    // One drift-free clock for everything: caller frames every 20 ms, deltas every 100 ms, mark echoes when due.
    const t0 = performance.now();
    let tick = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        const now = performance.now();
        const framePhase = tick % (20 / TICK_MS);
        for (const c of calls) {
          if (c.phase === framePhase && c.ws.readyState === WebSocket.OPEN) {
            c.ws.send(c.frame);
            c.sent++;
          }
          while (c.marks.length && c.marks[0]!.due <= now) c.ws.send(`{"event":"mark","streamSid":"x","mark":{"name":"${c.marks.shift()!.name}"}}`);
        }
        const deltaPhase = tick % (100 / TICK_MS);
        for (const e of engines) {
          if (e.phase !== deltaPhase || e.s.ws.readyState !== WebSocket.OPEN) continue;
          const k = seq++;
          deltaBody.writeUInt32BE(k, 0);
          sentAt[k] = performance.now();
          e.s.ws.send(e.prefix + deltaBody.toString('base64') + '"}');
        }
        tick++;
        await sleep(Math.max(0, t0 + tick * TICK_MS - performance.now()));
      }
    })();

    await sleep(2000); // warm-up
    await fetch(`http://127.0.0.1:${port}/health`); // resets the worker's event-loop delay histogram
    latencies = [];
    measuring = true;
    const c0 = cpuTicks(pid);
    const g0 = process.cpuUsage();
    const w0 = performance.now();
    const audio0 = fake.sessions.slice(sessionsBefore).reduce((a, s) => a + s.audioBytes(), 0);
    const rssSamples: number[] = [];
    for (let k = 0; k < SECONDS * 2; k++) {
      await sleep(500);
      rssSamples.push(rssMiB(pid));
    }
    const c1 = cpuTicks(pid);
    const g1 = process.cpuUsage(g0);
    const w1 = performance.now();
    measuring = false;
    const loadedRss = rssSamples.reduce((a, b) => a + b, 0) / rssSamples.length;
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { streams: number; eventLoopDelayMs: { p99: number } };
    const audio1 = fake.sessions.slice(sessionsBefore).reduce((a, s) => a + s.audioBytes(), 0);
    running = false;
    await loop;

    const cpuPct = ((c1 - c0) * 10) / (w1 - w0) * 100; // ticks are 10 ms
    const genPct = ((g1.user + g1.system) / 1000 / (w1 - w0)) * 100;
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    latencies.sort((a, b) => a - b);
    const expectedAudio = n * 8 * (w1 - w0);
    const cpuPerCall = cpuPct / n;
    const kibPerCall = ((loadedRss - idleRss) / n) * 1024;
    const prev = rssAt.at(-1);
    const marginalKib = prev ? ((loadedRss - prev.rss) / (n - prev.n)) * 1024 : null;
    rssAt.push({ n, rss: loadedRss });
    levels.push({ n, cpuPerCall, kibPerCall, marginalKib, p99: pct(latencies, 99), row:
      `| ${name} | ${n} | ${health.streams} | ${cpuPct.toFixed(1)} % | ${(cpuPct / n).toFixed(3)} % | ${loadedRss.toFixed(0)} MiB | ${kibPerCall.toFixed(0)} KiB | ${marginalKib === null ? '–' : `${marginalKib.toFixed(0)} KiB`} | ${pct(latencies, 50).toFixed(2)} | ${pct(latencies, 99).toFixed(2)} | ${latencies.length} | ${(((audio1 - audio0) / expectedAudio) * 100).toFixed(1)} % | ${health.eventLoopDelayMs.p99.toFixed(1)} | ${genPct.toFixed(0)} % | ${load} |` });
    console.log(levels.at(-1)!.row, "p90", pct(latencies, 90).toFixed(2), "p95", pct(latencies, 95).toFixed(2), "p98", pct(latencies, 98).toFixed(2), "max", latencies.at(-1)?.toFixed(1));

    for (const c of calls) {
      c.ws.send(JSON.stringify({ event: 'stop', sequenceNumber: '9', streamSid: 'x', stop: { accountSid: 'x', callSid: 'x' } }));
      c.ws.close();
    }
    const until = Date.now() + 10_000;
    while (Date.now() < until && ((await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { streams: number }).streams > 0) await sleep(100);
  }

  await worker.stop();
  await closeStore();
  await fake.close();
  return { idleRss, levels };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Each level's median over the rounds (each figure on its own: CPU, p99 and memory need not share a round). */
function medians(runs: Array<{ idleRss: number; levels: Level[] }>): { idleRss: number; levels: Level[] } {
  return {
    idleRss: median(runs.map((r) => r.idleRss)),
    levels: runs[0]!.levels.map((l, i) => ({
      n: l.n,
      cpuPerCall: median(runs.map((r) => r.levels[i]!.cpuPerCall)),
      kibPerCall: median(runs.map((r) => r.levels[i]!.kibPerCall)),
      marginalKib: i === 0 ? null : median(runs.map((r) => r.levels[i]!.marginalKib!)),
      p99: median(runs.map((r) => r.levels[i]!.p99)),
      row: '',
    })),
  };
}

async function main() {
  // The floor first, then Liza, one at a time, each against its own fake engine; alternately, ROUNDS times.
  const floorRuns: Array<{ idleRss: number; levels: Level[] }> = [];
  const lizaRuns: Array<{ idleRss: number; levels: Level[] }> = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (ONLY !== 'Liza') floorRuns.push(await run('floor'));
    if (ONLY !== 'floor') lizaRuns.push(await run('Liza'));
  }
  if (ONLY) return;
  const floor = medians(floorRuns);
  const liza = medians(lizaRuns);
  const rows = [...floorRuns, ...lizaRuns].flatMap((x) => x.levels.map((l) => l.row));
  const ratios = liza.levels.map((l) => {
    const f = floor.levels.find((x) => x.n === l.n)!;
    const marginal = l.marginalKib === null ? '–' : `${l.marginalKib.toFixed(0)} KiB (floor ${f.marginalKib!.toFixed(0)} KiB)`;
    return `| ${l.n} | ${(l.cpuPerCall / f.cpuPerCall).toFixed(2)} × | ${(l.p99 / f.p99).toFixed(2)} × | ${l.kibPerCall.toFixed(0)} KiB (floor ${f.kibPerCall.toFixed(0)} KiB) | ${marginal} |`;
  });
  console.log(ratios.join('\n'));
  const idleRss = liza.idleRss;
  writeSection(
    'bridge',
    `## Media bridge: calls at real-time pace (worker process + fake OpenAI Realtime)

\`${DIST ? 'BENCH_WORKER=dist ' : ''}npm run bench:bridge\` (${DIST ? `the compiled worker, dist/src/worker/main.mjs, as shipped: node ${SHIPPED_FLAGS.join(' ')}; the floor with the same flags` : 'the sources through tsx'}) · ${machineLine()}

N calls through the real worker process with signed upgrades. Per call, the fake Twilio
side sends a 20 ms µ-law frame every 20 ms and echoes marks when their audio has played; the fake Realtime server
sends a 100 ms delta every 100 ms. Latency: from the fake engine's send of a delta to the fake Twilio side's receipt
of the media frame carrying it (both in the load generator, which shares the 2 cores). CPU: the worker's user+system
time (10 ms resolution) over ${SECONDS} s after a 2 s warm-up. Memory: mean RSS over the window, and its growth over the idle worker (${idleRss.toFixed(0)} MiB) divided by N;
that growth includes one-off costs of the first calls (code loaded and compiled on first use, V8's heap and malloc's
arenas grown once), so "marginal memory per call" is also given: the RSS growth from the previous level divided by
the calls added, what one more call costs.
"Worker loop delay" is the worker's own event-loop lateness (from its /health, 10 ms timer resolution, so about
10 ms is the floor): it separates the worker's share of the latency from the load generator's and the machine's.
"Caller audio in" is the share of the caller's audio that reached the engine during the window (batched appends).

| server | calls | live streams | worker CPU (of one core) | CPU per call | worker RSS | memory per call | marginal memory per call | p50 ms | p99 ms | samples | caller audio in | worker loop delay p99 ms | load generator CPU | machine load avg |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Liza / floor in this run${ROUNDS > 1 ? ` (${ROUNDS} rounds, floor and Liza alternately; each figure the median of its rounds)` : ''}. The floor (\`bench/floors/relay-floor.mjs\`, plain JS) only translates JSON between the two
sockets: no signature check, playback tracking, barge-in or tools. Idle RSS: Liza's worker ${liza.idleRss.toFixed(0)} MiB, the floor ${floor.idleRss.toFixed(0)} MiB.

| calls | CPU per call | p99 | memory per call | marginal memory per call |
|---|---|---|---|---|
${ratios.join('\n')}

Goal (issue 14): CPU per call ≤ the floor's, p99 at 200 calls ≤ 1.5 × the floor's, memory per call ≤ 80 KB.

Reference (issue 4): the official OpenAI/Twilio Node sample holds about 300 calls at p99 ≤ 15 ms for about 0.25 % of a
core per call and reaches p99 55 ms at 400; a minimal JSON relay costs about 0.17 % per call. Goal: twice the sample's
capacity at p99 ≤ 5 ms, at or below the relay's cost per call.`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
