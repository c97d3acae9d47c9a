// The soak (issue 11): simulated callers through nginx to two edges and two workers on a fresh
// PostgreSQL database, with one edge and one worker SIGKILLed and restarted mid-run, then an
// account of what was lost. Shared by `npm run soak` (scripts/soak.ts) and test/scale/soak.test.ts.
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { placeCall } from '../../src/sim/call.ts';
import { startFakeOpenAiHttp } from '../../test/fakes/fake-openai-http.ts';
import { startFakeRecordings } from '../../test/fakes/fake-twilio-recordings.ts';
import { startCluster, type Cluster } from '../../test/scale/cluster.ts';
import { httpsFetchFrom } from '../../test/scale/https-from.ts';
import { withLocalRecordings } from '../../test/scale/local-recordings.ts';
import { createTempDb } from '../../test/store/pg-temp-db.ts';
import { newLegStats, soakCaller } from './caller.ts';
import { startSoakEngine } from './engine.ts';
import { samplePeakMemory } from './memory.ts';
import { collectOutcome, type SoakOutcome } from './outcome.ts';
import { soakJourney, type JourneyKind } from './journeys.ts';
import { newDeliveryStats, twilioDelivery } from './twilio-delivery.ts';

export interface SoakOptions {
  calls: number;
  concurrency: number;
  seed: number;
  /** Fractions of calls completed at which one edge and one worker are SIGKILLed and restarted. */
  killAt: number[];
  log?: (line: string) => void;
}

const TOKEN = 'soak-auth-token-0123456789abcdef';
const ACCOUNT = 'AC' + '5'.repeat(32);
/** Source addresses, as Twilio's webhooks come from a pool (nginx limits each to 50 requests/s). */
const SOURCES = 40;
/** What an apology sounds like: Liza's own (locales' common.apology) and nginx's fallback answer. */
const APOLOGY = /technisches Problem|something went wrong|something's gone wrong|technical problem|application error/;

export async function runSoak(o: SoakOptions): Promise<SoakOutcome> {
  const log = o.log ?? (() => {});
  const t0 = Date.now();
  const load0 = loadavg();
  const db = await createTempDb(`liza_soak_${o.seed}`);
  const recordings = await startFakeRecordings(ACCOUNT, TOKEN);
  const openai = await startFakeOpenAiHttp();
  openai.respond = (r) => ({ status: 200, body: { text: `transcript of ${r.filename!.replace(/\.mp3$/, '')}` } });
  const engine = await startSoakEngine();
  let cluster: Cluster | undefined;
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  try {
    cluster = await startCluster({
      databaseUrl: db.url, authToken: TOKEN, accountSid: ACCOUNT, openaiBaseUrl: openai.baseUrl, twilioApiBaseUrl: recordings.baseUrl,
      // A short call cap: the legs a killed worker leaves open are told dead (cap + 15 s) within the run.
      env: { OPENAI_REALTIME_URL: engine.url, STAFF_PHONE_NUMBER: '+4930555000111', MAX_CALL_SECONDS: '20', MAX_STREAMS: String(Math.max(100, o.concurrency)) },
    });
    const c = cluster;
    log(`[soak] seed ${o.seed}: ${o.calls} calls, ${o.concurrency} at a time, through ${c.publicBaseUrl} (database ${db.name})`);
    const memory = samplePeakMemory(() => [...c.members.map((m, k) => [`${m.role} ${(k % 2) + 1}`, m.pid()] as [string, number]), ['nginx (master)', c.nginxPid], ['soak driver', process.pid]]);
    const stats = newDeliveryStats();
    const legs = newLegStats();
    const confirmed = new Set<string>(); // order numbers whose confirmation Liza answered
    const recorded = new Set<string>(); // recordings whose callback Liza answered
    const onAnswer = (path: string, p: Record<string, string>, status: number) => {
      if (status >= 300) return;
      if (path === '/webhook/order_confirm' && p.Digits === '1') confirmed.add(p.CallSid!);
      if (path === '/webhook/recording' && p.RecordingSid) recorded.add(p.RecordingSid);
    };
    const sources = Array.from({ length: SOURCES }, (_, k) => {
      const addr = `127.0.0.${10 + k}`;
      return { addr, fetch: twilioDelivery(withLocalRecordings(httpsFetchFrom(c.ca, addr), recordings, TOKEN), { publicBaseUrl: c.publicBaseUrl, authToken: TOKEN, stats, onAnswer }) };
    });

    const kinds = new Map<JourneyKind, number>();
    const orderOfCall = new Map<string, string>();
    let done = 0;
    let completed = 0;
    let apologies = 0;
    let failedCalls = 0;
    const kills: SoakOutcome['kills'] = [];
    const restarts: Promise<void>[] = [];
    const pendingKills = [...o.killAt].sort();
    let round = 0;
    // One round at a time: a round's kill waits for the one before to be back, and then for
    // nginx's fail_timeout (10 s by default), for which nginx still counts the restarted edge as
    // down; killing the other edge sooner would be an outage (nginx: "no live upstreams"), not
    // the failover under test. A long run's rounds are minutes apart anyway.
    const NGINX_FAIL_TIMEOUT_MS = 10_000;
    let chain = Promise.resolve();
    const maybeKill = () => {
      while (pendingKills.length && done >= pendingKills[0]! * o.calls) {
        pendingKills.shift();
        const k = round++;
        const victims = [c.members.filter((m) => m.role === 'edge')[k % 2]!, c.members.filter((m) => m.role === 'worker')[k % 2]!];
        chain = chain.then(() =>
          Promise.all(
            victims.map(async (v) => {
              const at = done;
              const started = Date.now();
              log(`[soak] ${at} calls done: SIGKILL ${v.role} ${(k % 2) + 1} (pid ${v.pid()}) and restart it`);
              await c.killAndRestart(v);
              kills.push({ at, what: `${v.role} ${(k % 2) + 1}`, restartMs: Date.now() - started, killedAt: started });
            }),
          ).then(() => {}),
        );
        restarts.push(chain);
        chain = chain.then(() => new Promise((r) => setTimeout(r, NGINX_FAIL_TIMEOUT_MS + 1_000)));
      }
    };

    let next = 0;
    const runner = async () => {
      for (let i = next++; i < o.calls; i = next++) {
        const j = soakJourney(o.seed, i);
        kinds.set(j.kind, (kinds.get(j.kind) ?? 0) + 1);
        const src = sources[i % SOURCES]!;
        const io = soakCaller(j, { authToken: TOKEN, ca: c.ca, localAddress: src.addr, legs });
        try {
          const r = await placeCall({ publicBaseUrl: c.publicBaseUrl, authToken: TOKEN, from: j.from, fetch: src.fetch }, io);
          orderOfCall.set(r.callSid, j.order);
          if (r.ended === 'hangup') completed++;
        } catch (err) {
          failedCalls++;
          log(`[soak] call ${i} (${j.kind}) failed: ${(err as Error).message}`);
        }
        if (io.said.some((t) => APOLOGY.test(t))) apologies++;
        done++;
        if (done % Math.max(1, Math.round(o.calls / 10)) === 0) log(`[soak] ${done}/${o.calls} calls (${Math.round((Date.now() - t0) / 1000)} s)`);
        maybeKill();
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, runner));
    await Promise.all(restarts);
    const callsMs = Date.now() - t0;
    log(`[soak] all calls done in ${Math.round(callsMs / 1000)} s; waiting for the workers' jobs and the legs' ends`);
    const sent = new Set([...confirmed].map((sid) => orderOfCall.get(sid)!).filter(Boolean));
    const workerKills = kills.filter((k) => k.what.startsWith('worker')).map((k) => k.killedAt);
    const outcome = await collectOutcome({ sql, openai, sent, recorded, workerKills, settleMs: 180_000 });
    memory.stop();
    if (process.env.SOAK_DEBUG) for (const l of c.accessLog().filter((x) => / 50\d /.test(x))) log(`[nginx] ${l.slice(0, 160)}`);
    return {
      ...outcome,
      seed: o.seed,
      calls: o.calls,
      concurrency: o.concurrency,
      completed,
      failedCalls,
      apologies,
      kinds: Object.fromEntries(kinds),
      delivery: stats,
      legs,
      kills,
      memoryMiB: Object.fromEntries([...memory.peaks()].map(([k, v]) => [k, Math.round(v)])),
      callsSeconds: callsMs / 1000,
      totalSeconds: (Date.now() - t0) / 1000,
      loadavg: { start: load0, end: loadavg() },
    };
  } finally {
    await sql.end({ timeout: 5 });
    await cluster?.stop();
    await engine.close();
    await recordings.close();
    await openai.close();
    await db.drop();
  }
}

