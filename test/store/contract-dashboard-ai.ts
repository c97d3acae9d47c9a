// The dashboard's AI usage per day comes from hourly tallies that triggers keep (dashboard_ai_hours).
// It must always equal a full recount of the legs as stored: a seeded random sequence of the
// changes the product makes (legs started over two days, usage added to them, legs ended, calls
// erased), then aiUsageByDay compared with a recount read back leg by leg through
// each call's legs, for spans from whole hours and from inside an hour. The seed is printed;
// DASH_SEED=<n> replays one.
import { describe, expect, it } from 'vitest';
import type { AiUsage } from '../../src/domain/index.ts';
import type { Ctx } from './contract.ts';
import { rng, seedOf } from './contract-dashboard-tallies.ts';
import { at, turn } from './fixtures.ts';

const HOUR = 3600;
const KEYS = ['inputTextTokens', 'inputAudioTokens', 'inputCachedTokens', 'outputTextTokens', 'outputAudioTokens'] as const;

export function dashboardAiContract(store: Ctx): void {
  describe('queries: dashboard AI usage tallies', () => {
    it('equal a full recount after a random sequence of legs, usage and erasure (seeded)', async () => {
      const seed = seedOf();
      console.log(`dashboard AI tallies: seed ${seed} (replay: DASH_SEED=${seed})`);
      const r = rng(seed);
      const s = store();
      const calls: Array<{ sid: string; id: number; start: number }> = [];
      const legs: Array<{ sid: string; stream: string }> = [];
      const done = new Map<string, number>();
      const did = (what: string) => done.set(what, (done.get(what) ?? 0) + 1);

      async function recount(from: Date, to: Date) {
        const days = new Map<string, { day: string } & AiUsage>();
        for (const c of (await s.listCalls({}, { offset: 0, limit: 10_000, countCap: 10_000 })).rows) {
          for (const l of await s.listAiLegsForCall(c.id)) {
            if (l.startedAt < from || l.startedAt >= to) continue;
            const day = l.startedAt.toISOString().slice(0, 10);
            const d = days.get(day) ?? days.set(day, { day, inputTextTokens: 0, inputAudioTokens: 0, inputCachedTokens: 0, outputTextTokens: 0, outputAudioTokens: 0 }).get(day)!;
            for (const k of KEYS) d[k] += l[k];
          }
        }
        return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
      }

      async function expectRecount(from: Date, to: Date, why: string) {
        const want = await recount(from, to);
        expect(await s.aiUsageByDay(from, to), why).toEqual(want);
        return want.length;
      }

      const ops = ['new', 'leg', 'leg', 'usage', 'usage', 'usage', 'end', 'erase'] as const;
      for (let step = 0; step < 200; step++) {
        const op = calls.length ? r.pick(ops) : 'new';
        const c = calls.length ? r.pick(calls) : null;
        if (op === 'new') {
          // Over two days, to any second: legs land near hour and UTC day edges too.
          const start = r.int(48 * HOUR) - 14 * HOUR;
          const sid = `CA${step}`;
          const res = await s.applyTurn(turn(sid, 1, {}, { t: at(start) }));
          calls.push({ sid, id: res.call.id, start });
          did('new');
        } else if (op === 'leg' && c) {
          const stream = `MZ${step}`;
          // Up to 40 minutes into the call: often in the next hour.
          if (await s.startAiLeg({ callSid: c.sid, streamSid: stream, at: at(c.start + r.int(2400)) })) {
            legs.push({ sid: c.sid, stream });
            did('leg');
          }
        } else if (op === 'usage' && legs.length) {
          const u = Object.fromEntries(KEYS.map((k) => [k, r.int(4) ? r.int(5000) : 0])) as unknown as AiUsage;
          await s.addAiUsage(r.pick(legs).stream, u);
          did('usage');
        } else if (op === 'end' && legs.length) {
          await s.endAiLeg(r.pick(legs).stream, r.pick(['end_call', 'hangup', 'transfer_to_staff']), at(50 * HOUR));
          did('end');
        } else if (op === 'erase' && c) {
          // Erasure scrubs the call and its legs' summaries in place; their usage stays counted.
          await s.eraseCalls({ callIds: [c.id], at: at(50 * HOUR), actor: 'retention', field: 'retention', masked: null });
          did('erase');
        }
        if (step % 20 === 19) {
          const why = `seed ${seed}, step ${step} (${op})`;
          await expectRecount(at(-16 * HOUR), at(60 * HOUR), why);
          // From and to inside hours, as the dashboard's "now": those parts are summed from the legs.
          const from = r.int(30 * HOUR) - 14 * HOUR;
          await expectRecount(at(from), at(from + r.int(30 * HOUR)), `${why}, inside hours`);
          await expectRecount(at(from), at(from + r.int(HOUR)), `${why}, within an hour`);
        }
      }
      expect(await expectRecount(at(-16 * HOUR), at(60 * HOUR), `seed ${seed}, end`)).toBeGreaterThan(1);
      console.log(`dashboard AI tallies: seed ${seed}: ${[...done].map(([k, v]) => `${k} ${v}`).join(', ')}`);
      expect([...done.keys()].sort(), `seed ${seed}`).toEqual(['end', 'erase', 'leg', 'new', 'usage']);
    });
  });
}
