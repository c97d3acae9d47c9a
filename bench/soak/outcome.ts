// What the soak found in the database and the fakes once the calls are over: orders sent vs
// stored, transcription jobs done exactly once, AI legs with a recorded end.
import type { Sql } from 'postgres';
import type { FakeOpenAiHttp } from '../../test/fakes/fake-openai-http.ts';
import type { LegStats } from './caller.ts';
import type { DeliveryStats } from './twilio-delivery.ts';

export interface SoakOutcome {
  seed: number;
  calls: number;
  concurrency: number;
  completed: number;
  failedCalls: number;
  apologies: number;
  kinds: Record<string, number>;
  delivery: DeliveryStats;
  legs: LegStats;
  /** `killedAt`: Date.now() at the SIGKILL. */
  kills: Array<{ at: number; what: string; restartMs: number; killedAt: number }>;
  memoryMiB: Record<string, number>;
  callsSeconds: number;
  totalSeconds: number;
  loadavg: { start: number[]; end: number[] };
  callsStored: number;
  orders: { sent: number; stored: number; lost: string[]; duplicated: string[]; storedUnheard: number };
  jobs: {
    expected: number;
    /** Done, and the API heard the recording once, or twice across a worker's kill (see repeatedAcrossKill). */
    doneOnce: number;
    notDone: string[];
    /** Recordings the API heard more than once with no worker killed in between: a real double run. */
    calledTwice: string[];
    /**
     * Recordings the API heard twice, the first time before a worker's SIGKILL and the second after it:
     * the dead worker was awaiting the answer or committing it, so the job's next holder asks again.
     * OpenAI's transcription endpoint takes no idempotency key, so no design avoids these; they are
     * reported, bounded by the tests (a worker holds at most its job loops' jobs), not counted as missed.
     */
    repeatedAcrossKill: string[];
    /** Jobs that ran more than once (a worker died holding them, or an attempt failed). */ retried: number; settledSeconds: number };
  aiLegs: { total: number; unended: number; reasons: Record<string, number>; settledSeconds: number };
}

type Collected = Pick<SoakOutcome, 'callsStored' | 'orders' | 'jobs' | 'aiLegs'>;

/** Polls `check` until it holds or `ms` pass (a harness's bound, then the report says what is missing); returns the seconds it took. */
async function settle(check: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  while (!(await check()) && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 250));
  return (Date.now() - t0) / 1000;
}

export async function collectOutcome(o: { sql: Sql; openai: FakeOpenAiHttp; sent: Set<string>; recorded: Set<string>; workerKills: number[]; settleMs: number }): Promise<Collected> {
  const { sql } = o;
  // A job a killed worker held is taken over once its short lease runs out.
  const jobsSettled = await settle(async () => {
    const [r] = await sql<Array<{ n: number }>>`select count(*)::int as n from jobs where kind = 'transcribe' and status = 'done'`;
    return r!.n >= o.recorded.size;
  }, o.settleMs);
  // A leg a killed worker left open is ended by a live worker's sweep (MAX_CALL_SECONDS + 15 s).
  const legsSettled = await settle(async () => {
    const [r] = await sql<Array<{ n: number }>>`select count(*)::int as n from ai_legs where end_reason is null`;
    return r!.n === 0;
  }, o.settleMs);

  const [calls] = await sql<Array<{ n: number }>>`select count(*)::int as n from calls`;
  const callsStored = calls!.n;
  const orders = await sql<Array<{ number: string; links: number }>>`select o.number, count(oc.call_id)::int as links from orders o left join order_calls oc on oc.order_id = o.id group by o.number`;
  const stored = new Map(orders.map((r) => [r.number, r.links]));
  const lost = [...o.sent].filter((n) => !stored.has(n));
  // Every order number belongs to one call: two links (or a second row) is a duplicate.
  const duplicated = orders.filter((r) => r.links > 1).map((r) => r.number);

  const jobs = await sql<Array<{ key: string; status: string; attempts: number }>>`select dedupe_key as key, status, attempts from jobs where kind = 'transcribe'`;
  const doneJobs = new Set(jobs.filter((j) => j.status === 'done').map((j) => j.key.replace(/^transcribe:/, '')));
  const apiCalls = new Map<string, number[]>();
  for (const q of o.openai.requests) {
    const sid = (q.filename ?? '').replace(/\.\w+$/, '');
    apiCalls.set(sid, [...(apiCalls.get(sid) ?? []), q.receivedAt]);
  }
  const acrossKill = (times: number[]) => times.length === 2 && o.workerKills.some((k) => times[0]! < k && k <= times[1]!);
  const repeated = [...apiCalls].filter(([, times]) => times.length > 1);
  const expected = [...o.recorded];
  const legs = await sql<Array<{ reason: string | null; n: number }>>`select end_reason as reason, count(*)::int as n from ai_legs group by end_reason`;
  return {
    callsStored,
    orders: { sent: o.sent.size, stored: stored.size, lost, duplicated, storedUnheard: [...stored.keys()].filter((n) => !o.sent.has(n)).length },
    jobs: {
      expected: expected.length,
      doneOnce: expected.filter((sid) => doneJobs.has(sid) && (apiCalls.get(sid)?.length === 1 || acrossKill(apiCalls.get(sid) ?? []))).length,
      notDone: expected.filter((sid) => !doneJobs.has(sid)),
      calledTwice: repeated.filter(([, times]) => !acrossKill(times)).map(([sid]) => sid),
      repeatedAcrossKill: repeated.filter(([, times]) => acrossKill(times)).map(([sid]) => sid),
      retried: jobs.filter((j) => j.attempts > 1).length,
      settledSeconds: jobsSettled,
    },
    aiLegs: {
      total: legs.reduce((n, r) => n + r.n, 0),
      unended: legs.find((r) => r.reason === null)?.n ?? 0,
      reasons: Object.fromEntries(legs.filter((r) => r.reason !== null).map((r) => [r.reason!, r.n])),
      settledSeconds: legsSettled,
    },
  };
}
