import type { Store } from '../store.ts';
import { actionQueries } from './actions.ts';
import { callQueries } from './calls.ts';
import type { Shared } from './context.ts';
import { dashboardQueries } from './dashboard.ts';
import { jobQueries } from './jobs.ts';
import { listQueries } from './lists.ts';
import { orderQueries } from './orders.ts';
import { recordingQueries } from './recordings.ts';
import { staffQueries } from './staff.ts';

/** What each database provides itself: its IVR turn (the hot path) and its connection. */
export type OwnParts = 'applyTurn' | 'ping' | 'close';

/** The whole store but the database's own parts, written once for both databases. */
export function createQueries(s: Shared): Omit<Store, OwnParts> {
  const { listCalls, listOrders, enrichCalls } = listQueries(s);
  return {
    ...callQueries(s),
    ...orderQueries(s),
    ...recordingQueries(s),
    ...jobQueries(s),
    ...staffQueries(s),
    ...actionQueries(s),
    ...dashboardQueries(s, enrichCalls),
    listCalls,
    listOrders,
  };
}
