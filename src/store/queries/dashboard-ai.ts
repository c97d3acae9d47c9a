// The dashboard's AI usage per UTC day. Whole hours come from the hourly tallies triggers keep
// (dashboard_ai_hours, drizzle/sqlite 0014, drizzle/pg 0012): a month is ~720 rows instead of
// every leg (summing ~45,000 legs took 30–70 ms at 1 M calls, bench/RESULTS.md dashboard-notes).
// Only the parts of the first and last hour inside [from, to) that are not whole hours, `to` being
// "now" on the dashboard, are summed from the legs themselves, from their started_at index.
import { and, gt, gte, lt, sql } from 'drizzle-orm';
import type { AiUsage } from '../../domain/index.ts';
import type { Shared } from './context.ts';

const HOUR = 3_600_000;
export const USAGE_KEYS = ['inputTextTokens', 'inputAudioTokens', 'inputCachedTokens', 'outputTextTokens', 'outputAudioTokens'] as const;
type Usage = Record<(typeof USAGE_KEYS)[number], number>;
type HourUsage = Usage & { h: number | string };

export function dashboardAiQueries({ db, t, dialect }: Shared) {
  const legs = t.aiLegs;

  /** The legs that started in [from, to), summed per UTC hour. */
  function legHours(from: Date, to: Date): Promise<HourUsage[]> {
    const sum = (k: (typeof USAGE_KEYS)[number]) => sql<number>`coalesce(sum(${legs[k]}), 0)`.mapWith(Number);
    return db
      .select({ h: dialect.hourStart(legs.startedAt), ...(Object.fromEntries(USAGE_KEYS.map((k) => [k, sum(k)])) as Record<(typeof USAGE_KEYS)[number], ReturnType<typeof sum>>) })
      .from(legs)
      .where(and(gte(legs.startedAt, from), lt(legs.startedAt, to)))
      .groupBy(dialect.hourStart(legs.startedAt));
  }

  /** Hours into UTC days (an hour is shown when a leg started in it), oldest day first. */
  function byDay(hours: HourUsage[]): Array<{ day: string } & AiUsage> {
    const days = new Map<string, { day: string } & AiUsage>();
    for (const r of hours) {
      // PostgreSQL's bigint arrives as a string.
      const day = new Date(Number(r.h)).toISOString().slice(0, 10);
      const d = days.get(day) ?? { day, inputTextTokens: 0, inputAudioTokens: 0, inputCachedTokens: 0, outputTextTokens: 0, outputAudioTokens: 0 };
      for (const k of USAGE_KEYS) d[k] += Number(r[k]);
      days.set(day, d);
    }
    return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  /** Every leg of [from, to) summed afresh: what the dashboard did before the tallies. */
  async function aiUsageRecount(from: Date, to: Date) {
    return byDay(await legHours(from, to));
  }

  async function aiUsageByDay(from: Date, to: Date) {
    const firstWhole = Math.ceil(from.getTime() / HOUR) * HOUR;
    const lastWhole = Math.floor(to.getTime() / HOUR) * HOUR;
    if (firstWhole >= lastWhole) return aiUsageRecount(from, to);
    const a = t.dashboardAiHours;
    const [head, whole, tail] = await Promise.all([
      firstWhole > from.getTime() ? legHours(from, new Date(firstWhole)) : [],
      // A tally row whose legs were all deleted stays behind with zeros; a recount would not show it.
      db
        .select({ h: a.hourStart, ...Object.fromEntries(USAGE_KEYS.map((k) => [k, a[k]])) as Record<(typeof USAGE_KEYS)[number], (typeof a)[(typeof USAGE_KEYS)[number]]> })
        .from(a)
        .where(and(gte(a.hourStart, firstWhole), lt(a.hourStart, lastWhole), gt(a.legs, 0))),
      lastWhole < to.getTime() ? legHours(new Date(lastWhole), to) : [],
    ]);
    return byDay([...head, ...whole, ...tail]);
  }

  return { aiUsageByDay, aiUsageRecount };
}
