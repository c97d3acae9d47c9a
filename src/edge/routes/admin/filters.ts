import type { CallFilter, OrderFilter } from '../../../domain/index.ts';
import { isCallDirection, isCallStatus, isLang, isOrderSource, isOrderStatus } from '../../../domain/index.ts';
import type { PageInfo } from '../../../views/components.tsx';
import { berlinDayStart, nextDay } from '../../../views/time.ts';

export const PAGE_SIZE = 50;
/** Bounded offset: 200 pages × 50 rows. Past that the staff member narrows the filters. */
export const MAX_PAGE = 200;
export const COUNT_CAP = PAGE_SIZE * MAX_PAGE;

type Query = Record<string, string | undefined>;
const clean = (v: string | undefined, max = 40) => (v ?? '').trim().slice(0, max);

function dates(q: Query, invalid: string[]) {
  const out: { from?: Date; before?: Date; values: { date_from?: string; date_to?: string } } = { values: {} };
  const df = clean(q.date_from), dt = clean(q.date_to);
  if (df) {
    const d = berlinDayStart(df);
    if (d) (out.from = d), (out.values.date_from = df);
    else invalid.push('date_from');
  }
  if (dt) {
    // date_to is inclusive: everything before the next Berlin midnight.
    const d = berlinDayStart(dt) ? berlinDayStart(nextDay(dt)) : null;
    if (d) (out.before = d), (out.values.date_to = dt);
    else invalid.push('date_to');
  }
  return out;
}

/** `/calls` query → store filter, the values to show in the form, and the fields ignored. */
export function parseCallQuery(q: Query) {
  const invalid: string[] = [];
  const filter: CallFilter = {};
  const values: Record<string, string | undefined> = {};
  const status = clean(q.status), lang = clean(q.lang), from = clean(q.from), direction = clean(q.direction);
  if (direction) isCallDirection(direction) ? ((filter.direction = direction), (values.direction = direction)) : invalid.push('direction');
  if (status) isCallStatus(status) ? ((filter.status = status), (values.status = status)) : invalid.push('status');
  if (lang) isLang(lang) ? ((filter.lang = lang), (values.lang = lang)) : invalid.push('lang');
  if (from) {
    const digits = from.replace(/[\s\-()/.]/g, '');
    if (/^\+?\d{1,15}$/.test(digits)) (filter.from = digits), (values.from = from);
    else invalid.push('from');
  }
  if (q.follow_up === '1') (filter.followUp = true), (values.follow_up = '1');
  const d = dates(q, invalid);
  if (d.from) filter.startedFrom = d.from;
  if (d.before) filter.startedBefore = d.before;
  return { filter, values: { ...values, ...d.values }, invalid };
}

export function parseOrderQuery(q: Query) {
  const invalid: string[] = [];
  const filter: OrderFilter = {};
  const values: Record<string, string | undefined> = {};
  const status = clean(q.status), number = clean(q.number), source = clean(q.source);
  if (status) isOrderStatus(status) ? ((filter.status = status), (values.status = status)) : invalid.push('status');
  if (source) isOrderSource(source) ? ((filter.source = source), (values.source = source)) : invalid.push('source');
  if (number) /^\d{1,12}$/.test(number) ? ((filter.number = number), (values.number = number)) : invalid.push('number');
  const d = dates(q, invalid);
  if (d.from) filter.createdFrom = d.from;
  if (d.before) filter.createdBefore = d.before;
  return { filter, values: { ...values, ...d.values }, invalid };
}

/** `page` clamped to 1…MAX_PAGE; garbage means page 1. */
export function parsePage(v: string | undefined): number {
  const n = v && /^\d{1,6}$/.test(v) ? Number(v) : 1;
  return Math.min(Math.max(1, n), MAX_PAGE);
}

export function pageInfo(page: number, total: number, capped: boolean): PageInfo {
  const lastPage = Math.max(1, Math.min(MAX_PAGE, Math.ceil(total / PAGE_SIZE)));
  return { page, pageSize: PAGE_SIZE, lastPage, total, capped };
}
