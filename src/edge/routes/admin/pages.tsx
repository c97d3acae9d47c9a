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
import { callControlOff } from '../../call-control/twilio-calls.ts';

const DAYS = 30;
/** A call still `in_progress` after this long lost its status callback; it is not live. */
const LIVE_WINDOW_MS = 2 * 60 * 60 * 1000;
const LIVE_LIMIT = 50;
const LIVE_POLL_MS = 3000;
/** Well under nginx's proxy_read_timeout (30 s): an idle stream is never cut. */
export const HEARTBEAT_MS = 10_000;

/** Waits `ms`, or less when `signal` aborts (edge shutdown). */
const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => (clearTimeout(timer), signal?.removeEventListener('abort', done), resolve());
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
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
  const byDay = new Map<string, DayStat>(keys.map((k) => [k, { day: k, calls: 0, outbound: 0, consentGiven: 0, consentDeclined: 0 }]));
  for (const h of hourly) {
    const s = byDay.get(berlinDay(h.hourStart));
    if (!s) continue;
    s.calls += h.calls;
    s.outbound += h.outbound;
    s.consentGiven += h.consentGiven;
    s.consentDeclined += h.consentDeclined;
  }
  return { since: berlinDayStart(keys[0]!)!, days: [...byDay.values()] };
}

export function pageRoutes(deps: AppDeps) {
  const { store } = deps;
  const now = deps.clock ?? (() => new Date());
  const app = new Hono<StaffEnv>();
  const controls = callControlOff(deps.config) ? null : { transfer: !!deps.config.staffPhoneNumber };
  const live = () => store.listLiveCalls(new Date(now().getTime() - LIVE_WINDOW_MS), LIVE_LIMIT);

  // The month's aggregates come from tallies (tens of ms at a million calls, bench/RESULTS.md) and
  // barely move within a minute, so each edge process keeps them that long; live calls are always read fresh.
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
    return html(c, <DashboardPage ui={uiOf(c)} days={days} stats={stats} live={liveCalls} controls={controls} aiDays={aiDays} prices={deps.config.prices} />);
  });

  /**
   * Server-sent events: the live-calls fragment, rendered (and escaped) here, whenever it changes.
   * Behind nginx: `X-Accel-Buffering: no` turns off its proxy buffering for this response only,
   * and a comment line every HEARTBEAT_MS keeps the connection inside proxy_read_timeout (30 s in
   * the shipped site). The stream ends when the edge shuts down, so shutdown never waits on it.
   */
  app.get('/live', (c) => {
    const ui = uiOf(c);
    c.header('X-Accel-Buffering', 'no');
    c.header('Cache-Control', 'no-store');
    return streamSSE(c, async (stream) => {
      let last = '';
      let wrote = Date.now();
      const stopped = () => stream.aborted || stream.closed || !!deps.shutdown?.aborted;
      while (!stopped()) {
        const fragment = String(<LiveCalls ui={ui} live={await live()} controls={controls} />);
        if (fragment !== last) {
          await stream.writeSSE({ event: 'live', data: fragment });
          last = fragment;
          wrote = Date.now();
        } else if (Date.now() - wrote >= HEARTBEAT_MS) {
          // An SSE comment: EventSource ignores it, proxies see traffic.
          await stream.write(': heartbeat\n\n');
          wrote = Date.now();
        }
        await pause(LIVE_POLL_MS, deps.shutdown);
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
