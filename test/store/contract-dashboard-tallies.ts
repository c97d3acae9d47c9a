// The dashboard's hourly tallies (dashboard_hours, kept by triggers) must always equal a full
// recount of the calls and consents as stored, whatever wrote them. A seeded random sequence of
// the changes the product makes, then the dashboard compared with a recount read back through
// the staff list and each call's consent. The seed is printed; DASH_SEED=<n> replays one.
import { describe, expect, it } from 'vitest';
import type { DayCount, Lang } from '../../src/domain/index.ts';
import { FIXED_SEED } from '../helpers/property.ts';
import { IN_CI } from '../helpers/processes.ts';
import type { Ctx } from './contract.ts';
import { at, T0, turn } from './fixtures.ts';

const HOUR = 3_600_000;

/** mulberry32: a small seeded generator, so a failing sequence can be replayed exactly. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

export const seedOf = () => (process.env.DASH_SEED && /^\d+$/.test(process.env.DASH_SEED) ? Number(process.env.DASH_SEED) : IN_CI ? FIXED_SEED : (Math.random() * 2 ** 31) | 0);

export function dashboardTalliesContract(store: Ctx): void {
  describe('queries: dashboard tallies', () => {
    async function recount(since: Date) {
      const rows = (await store().listCalls({}, { offset: 0, limit: 10_000, countCap: 10_000 })).rows;
      const byHour = new Map<number, DayCount>();
      const hour = (ms: number) => {
        const h = Math.floor(ms / HOUR) * HOUR;
        return byHour.get(h) ?? byHour.set(h, { hourStart: h, calls: 0, outbound: 0, consentGiven: 0, consentDeclined: 0 }).get(h)!;
      };
      let sum = 0;
      let n = 0;
      for (const c of rows) {
        if (c.startedAt >= since) {
          const h = hour(c.startedAt.getTime());
          if (c.direction === 'inbound') h.calls++;
          else h.outbound++;
          if (c.durationS != null) (sum += c.durationS), n++;
        }
        const consent = await store().getConsent(c.id);
        if (consent && consent.at >= since) hour(consent.at.getTime())[consent.given ? 'consentGiven' : 'consentDeclined']++;
      }
      return { hourly: [...byHour.values()].sort((a, b) => a.hourStart - b.hourStart), avg: n ? sum / n : null, calls: rows.length };
    }

    async function expectRecount(since: Date, why: string) {
      const want = await recount(since);
      const got = await store().dashboardStats(since);
      expect([...got.hourly].sort((a, b) => a.hourStart - b.hourStart), why).toEqual(want.hourly);
      if (want.avg === null) expect(got.avgDurationS, why).toBeNull();
      else expect(got.avgDurationS, why).toBeCloseTo(want.avg, 9);
      return want.calls;
    }

    it('equal a full recount after a random sequence of calls and changes (seeded)', async () => {
      const seed = seedOf();
      console.log(`dashboard tallies: seed ${seed} (replay: DASH_SEED=${seed})`);
      const r = rng(seed);
      const s = store();
      const langs: Lang[] = ['de-DE', 'en-GB', 'en-US'];
      const calls: Array<{ sid: string; id: number; start: number; seq: number; consented: boolean }> = [];
      let key = 0;
      const done = new Map<string, number>();
      const did = (what: string) => done.set(what, (done.get(what) ?? 0) + 1);
      const ops = ['new', 'new', 'consent', 'language', 'status', 'status', 'outbound', 'erase'] as const;
      for (let step = 0; step < 200; step++) {
        const op = calls.length ? r.pick(ops) : 'new';
        const c = calls.length ? r.pick(calls) : null;
        const why = `seed ${seed}, step ${step} (${op})`;
        if (op === 'new') {
          // Up to 8 hours after T0, to any second: calls land near hour edges too.
          const start = r.int(8 * 3600);
          const sid = `CA${step}`;
          const res = await s.applyTurn(turn(sid, 1, {}, { t: at(start), lang: r.pick(langs) }));
          calls.push({ sid, id: res.call.id, start, seq: 1, consented: false });
          did('new');
        } else if (op === 'consent' && c) {
          const given = r.next() < 0.6;
          // Given up to 20 minutes into the call: often in the next hour.
          await s.applyTurn(turn(c.sid, ++c.seq, { consent: { given, fromFull: given ? `+4915100${String(c.id).padStart(5, '0')}` : null } }, { t: at(c.start + r.int(1200)) }));
          c.consented ||= given;
          did(given ? 'consent given' : 'consent declined');
        } else if (op === 'language' && c) {
          await s.applyTurn(turn(c.sid, ++c.seq, { language: r.pick(langs) }, { t: at(c.start + r.int(600)) }));
          did('language');
        } else if (op === 'status' && c) {
          const twilioStatus = r.pick(['ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled']);
          await s.applyCallStatus({ callSid: c.sid, twilioStatus, durationS: r.next() < 0.8 ? r.int(900) : null, at: at(c.start + r.int(1800)) });
          did('status');
        } else if (op === 'outbound' && calls.some((x) => x.consented)) {
          const src = r.pick(calls.filter((x) => x.consented));
          const res = await s.reserveCallback({
            key: `k${key++}`, placedBy: r.pick(['anna', 'ben']), sourceCallId: src.id, orderId: null, toFull: '+4915112345678', toMasked: '+49 ••••••••78',
            fromNumber: '+4930999999', language: 'de-DE', at: at(r.int(8 * 3600)), limitPerHour: 1000,
          });
          if (res.kind === 'reserved') {
            // Twilio accepted it (the call stays) or refused it (the reserved row goes again).
            if (r.next() < 0.6) {
              const sid = `CAout${step}`;
              await s.confirmCallback(res.call.id, sid, { actor: 'anna', at: res.call.startedAt, text: null, detail: {} });
              calls.push({ sid, id: res.call.id, start: (res.call.startedAt.getTime() - T0.getTime()) / 1000, seq: 1, consented: false });
              did('outbound placed');
            } else {
              await s.abandonCallback(res.call.id);
              did('outbound abandoned');
            }
          }
        } else if (op === 'erase' && c) {
          await s.eraseCalls({ callIds: [c.id], at: at(9 * 3600), actor: 'retention', field: 'retention', masked: null });
          did('erase');
        }
        if (step % 20 === 19) {
          await expectRecount(at(-3600), why);
          // `since` inside an hour: that hour's part is counted from the calls themselves.
          await expectRecount(at(r.int(8 * 3600)), `${why}, since mid-hour`);
        }
      }
      expect(await expectRecount(at(-3600), `seed ${seed}, end`)).toBeGreaterThan(20);
      console.log(`dashboard tallies: seed ${seed}: ${[...done].map(([k, v]) => `${k} ${v}`).join(', ')}`);
      // Every kind of change happened, so the comparison above covered each write path.
      expect([...done.keys()].sort(), `seed ${seed}`).toEqual(['consent declined', 'consent given', 'erase', 'language', 'new', 'outbound abandoned', 'outbound placed', 'status']);
    });
  });
}
