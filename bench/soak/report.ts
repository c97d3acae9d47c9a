// The soak's account: goals met or missed, and the markdown section for bench/SOAK.md.
import type { SoakOutcome } from './outcome.ts';

const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const sum = (m: Map<unknown, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** The issue's goals; each missed one is a line. */
export function missedGoals(r: SoakOutcome): string[] {
  const missed: string[] = [];
  const fiveXx = sum(r.delivery.fiveXx);
  if (fiveXx > 0) missed.push(`${fiveXx} × 5xx (${[...r.delivery.statuses].filter(([s]) => s >= 500).map(([s, n]) => `${s}×${n}`).join(' ')}; ${[...r.delivery.fiveXx].map(([p, n]) => `${p} ${n}`).join(', ')})`);
  if (r.orders.lost.length) missed.push(`${r.orders.lost.length} orders lost (e.g. ${r.orders.lost.slice(0, 5).join(', ')})`);
  if (r.orders.duplicated.length) missed.push(`${r.orders.duplicated.length} orders duplicated (e.g. ${r.orders.duplicated.slice(0, 5).join(', ')})`);
  if (r.jobs.doneOnce !== r.jobs.expected) missed.push(`${r.jobs.expected - r.jobs.doneOnce} of ${r.jobs.expected} transcriptions not done exactly once (not done: ${r.jobs.notDone.length}, API called twice with no kill in between: ${r.jobs.calledTwice.length})`);
  if (r.aiLegs.unended) missed.push(`${r.aiLegs.unended} AI legs without a recorded end`);
  if (r.delivery.callbacksLost.length) missed.push(`${r.delivery.callbacksLost.length} status/recording callbacks failed (Twilio does not resend them)`);
  return missed;
}

export function soakMarkdown(r: SoakOutcome, machine: string): string {
  const d = r.delivery;
  const missed = missedGoals(r);
  const mem = Object.entries(r.memoryMiB).map(([k, v]) => `${k} ${v}`).join(' · ');
  const la = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' / ');
  return [
    `## Soak: ${r.calls} calls, ${r.concurrency} at a time (seed ${r.seed})`,
    '',
    `${machine} · load average (1/5/15 min) ${la(r.loadavg.start)} at the start, ${la(r.loadavg.end)} at the end. Two edges and two workers on PostgreSQL behind the shipped nginx site; fake Realtime and Twilio HTTP APIs. Re-run: \`npm run soak -- --calls ${r.calls} --concurrency ${r.concurrency} --seed ${r.seed}\`.`,
    '',
    `**${missed.length ? `Goals missed: ${missed.join('; ')}` : 'Every goal met: 0 × 5xx, no order lost or doubled, every job done once, every AI leg ended.'}**`,
    '',
    '| | |',
    '| --- | --- |',
    `| calls placed / completed (Liza hung up) / failed in the simulator | ${r.calls} / ${r.completed} / ${r.failedCalls} |`,
    `| calls stored | ${r.callsStored} |`,
    `| journeys | ${Object.entries(r.kinds).map(([k, n]) => `${k} ${n}`).join(', ')} |`,
    `| kills (SIGKILL, then restart; at calls done) | ${r.kills.map((k) => `${k.what} at ${k.at} (back in ${(k.restartMs / 1000).toFixed(1)} s)`).join(', ') || 'none'} |`,
    `| webhook requests answered / 5xx / other non-2xx | ${d.latencies.length} / ${sum(d.fiveXx)} / ${[...d.statuses].filter(([s]) => s >= 300 && s < 500).map(([s, n]) => `${s}×${n}`).join(' ') || 0} |`,
    `| connections failed (retried once, Twilio's rp=ct) / timeouts (15 s) / to the fallback URL | ${d.connectionErrors} (${d.retries} retries) / ${d.timeouts} / ${d.fallbacks} |`,
    `| callbacks lost (status, recording) | ${d.callbacksLost.length} |`,
    `| calls with an apology heard (Liza's or the fallback's) | ${r.apologies} |`,
    `| orders confirmed and answered / stored / lost / duplicated / stored but the caller heard the fallback | ${r.orders.sent} / ${r.orders.stored} / ${r.orders.lost.length} / ${r.orders.duplicated.length} / ${r.orders.storedUnheard} |`,
    `| voice messages (callback answered) / transcribed exactly once / not done / API called twice (no kill between) / API asked again after the worker holding the job was killed / jobs run twice | ${r.jobs.expected} / ${r.jobs.doneOnce} / ${r.jobs.notDone.length} / ${r.jobs.calledTwice.length} / ${r.jobs.repeatedAcrossKill.length} / ${r.jobs.retried} (settled ${r.jobs.settledSeconds.toFixed(0)} s after the calls) |`,
    `| AI legs started by callers / refused at upgrade / heard Liza / stuck | ${r.legs.started} / ${r.legs.refused} / ${r.legs.heardLiza} / ${r.legs.stuck} |`,
    `| AI legs stored / without an end | ${r.aiLegs.total} / ${r.aiLegs.unended} (${Object.entries(r.aiLegs.reasons).map(([k, n]) => `${k} ${n}`).join(', ')}; settled ${r.aiLegs.settledSeconds.toFixed(0)} s after the calls) |`,
    `| webhook latency p50 / p99 / max (through nginx, TLS) | ${pct(d.latencies, 50).toFixed(0)} / ${pct(d.latencies, 99).toFixed(0)} / ${pct(d.latencies, 100).toFixed(0)} ms |`,
    `| peak memory (VmHWM, MiB) | ${mem} |`,
    `| duration: calls / with settling | ${r.callsSeconds.toFixed(0)} s / ${r.totalSeconds.toFixed(0)} s |`,
  ].join('\n');
}
