import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { createPromptText } from '../../../i18n/prompts.ts';
import { FLOW, PROMPTS_OUTSIDE_TABLE } from '../../../ivr/flow.ts';
import { otherLanguage } from '../../../ivr/language.ts';
import type { Lang } from '../../../domain/index.ts';
import type { DashboardStats, DayCount } from '../../../domain/index.ts';
import { DashboardPage, LiveCalls, type DayStat } from '../../../views/dashboard.tsx';
import { FlowPage } from '../../../views/flow.tsx';
import { berlinDay, berlinDayStart } from '../../../views/time.ts';
import type { StaffEnv } from '../../middleware/session.ts';
import type { AppDeps } from '../../types.ts';
import { html, uiOf } from './render.ts';

const DAYS = 30;
/** A call still `in_progress` after this long lost its status callback; it is not live. */
const LIVE_WINDOW_MS = 2 * 60 * 60 * 1000;
const LIVE_LIMIT = 50;
const LIVE_POLL_MS = 3000;
export const STATS_TTL_MS = 60_000;

/** The last 30 Berlin days (today included) with the hourly counts folded into them. */
export function foldDays(hourly: DayCount[], now: Date): { since: Date; days: DayStat[] } {
  const today = berlinDay(now.getTime());
  const keys: string[] = [];
  let d = today;
  for (let i = 0; i < DAYS; i++) {
    keys.unshift(d);
    const prev = new Date(`${d}T12:00:00Z`);
    prev.setUTCDate(prev.getUTCDate() - 1);
    d = prev.toISOString().slice(0, 10);
  }
  const byDay = new Map<string, DayStat>(keys.map((k) => [k, { day: k, calls: 0, consentGiven: 0, consentDeclined: 0 }]));
  for (const h of hourly) {
    const s = byDay.get(berlinDay(h.hourStart));
    if (!s) continue;
    s.calls += h.calls;
    s.consentGiven += h.consentGiven;
    s.consentDeclined += h.consentDeclined;
  }
  return { since: berlinDayStart(keys[0]!)!, days: [...byDay.values()] };
}

export function pageRoutes(deps: AppDeps) {
  const { store } = deps;
  const now = deps.clock ?? (() => new Date());
  const app = new Hono<StaffEnv>();
  const live = () => store.listLiveCalls(new Date(now().getTime() - LIVE_WINDOW_MS), LIVE_LIMIT);

  // The month's aggregates cost a few hundred ms at a million calls and barely move within a
  // minute, so each edge process keeps them that long; live calls are always read fresh.
  let cached: { key: number; until: number; stats: Promise<DashboardStats> } | null = null;
  const statsFor = (since: Date, at: Date) => {
    if (!cached || cached.key !== since.getTime() || cached.until <= at.getTime()) {
      const stats = store.dashboardStats(since);
      cached = { key: since.getTime(), until: at.getTime() + STATS_TTL_MS, stats };
      stats.catch(() => (cached = null));
    }
    return cached.stats;
  };

  app.get('/', async (c) => {
    const at = now();
    const { since } = foldDays([], at);
    const [{ hourly, ...stats }, liveCalls, aiDays] = await Promise.all([statsFor(since, at), live(), store.aiUsageByDay(since, new Date(at.getTime() + 1))]);
    const { days } = foldDays(hourly, at);
    return html(c, <DashboardPage ui={uiOf(c)} days={days} stats={stats} live={liveCalls} aiDays={aiDays} prices={deps.config.prices} />);
  });

  /** Server-sent events: the live-calls fragment, rendered (and escaped) here, whenever it changes. */
  app.get('/live', (c) => {
    const ui = uiOf(c);
    return streamSSE(c, async (stream) => {
      let last = '';
      while (!stream.aborted && !stream.closed) {
        const fragment = String(<LiveCalls ui={ui} live={await live()} />);
        if (fragment !== last) {
          await stream.writeSSE({ event: 'live', data: fragment });
          last = fragment;
        }
        await stream.sleep(LIVE_POLL_MS);
      }
    });
  });

  const promptText = createPromptText(deps.config);
  app.get('/flow', (c) => {
    // A caller of `lang` hears a key marked `other` in the language they may switch to.
    // A number read back inside a sentence is shown as the read-back is (‹1 2 3 4›).
    const prompt = (lang: Lang, key: string, spokenIn?: 'other') =>
      promptText(spokenIn ? otherLanguage(lang, { english: lang === 'en-US' ? 'en-US' : 'en-GB' }) : lang, key).replace('{{number}}', '‹1 2 3 4›');
    const extraKeys = PROMPTS_OUTSIDE_TABLE.filter((k) => k !== 'greeting');
    return html(c, <FlowPage ui={uiOf(c)} flow={FLOW} prompt={prompt} extraKeys={extraKeys} />);
  });

  return app;
}
