// Issue 11's soak, short: the same code as `npm run soak` (bench/soak/run.ts) with 500 calls,
// an edge and a worker SIGKILLed and restarted twice. Nothing may be lost: 0 × 5xx, every
// confirmed order stored once, every voice message transcribed once, every AI leg ended.
import { describe, expect, it } from 'vitest';
import { missedGoals, soakMarkdown } from '../../bench/soak/report.ts';
import { runSoak } from '../../bench/soak/run.ts';
import { hasProgram, IN_CI, reportMissingProgram } from '../helpers/processes.ts';
import { FIXED_SEED } from '../helpers/property.ts';
import { requirePg } from '../store/pg-harness.ts';

const CALLS = 500;
const SEED = process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : IN_CI ? FIXED_SEED : (Math.random() * 2 ** 31) | 0;

const nginxHere = hasProgram('nginx', ['-v']);
reportMissingProgram(nginxHere, 'nginx', 'the soak runs the shipped nginx site in front of two edges and two workers (apt-get install nginx)');

if ((await requirePg()) && nginxHere) {
  describe('the soak, short', () => {
    it(`${CALLS} calls with an edge and a worker killed twice: nothing lost, nothing done twice`, async () => {
      console.log(`[soak] seed ${SEED} (replay with SOAK_SEED=${SEED})`);
      const r = await runSoak({ calls: CALLS, concurrency: 50, seed: SEED, killAt: [0.25, 0.55], log: (l) => console.log(l) });
      console.log(soakMarkdown(r, 'test run'));
      expect(r.kills).toHaveLength(4);
      expect(r.legs.started).toBeGreaterThan(0);
      expect(r.jobs.expected).toBeGreaterThan(0);
      expect(r.failedCalls).toBe(0);
      // A worker killed between the transcription API's answer and the commit leaves a job the
      // other worker does again, so the API hears that recording twice (OpenAI takes no
      // idempotency key). Each killed worker holds at most its 2 job loops' jobs. The report tells
      // a repeat across a kill by this process's clock, which a busy event loop can stamp late for
      // a request in flight at the kill, so the bound here is on all repeats together.
      const workerKills = r.kills.filter((k) => k.what.startsWith('worker')).length;
      expect(r.jobs.notDone).toEqual([]);
      expect(r.jobs.calledTwice.length + r.jobs.repeatedAcrossKill.length).toBeLessThanOrEqual(2 * workerKills);
      expect(missedGoals(r).filter((m) => !m.includes('transcriptions not done exactly once'))).toEqual([]);
    }, 300_000);
  });
}
