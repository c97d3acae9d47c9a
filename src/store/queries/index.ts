import type { Store } from '../store.ts';
import { actionQueries } from './actions.ts';
import { aiAdmissionQueries } from './ai-admission.ts';
import { aiLegQueries } from './ai-legs.ts';
import { callQueries } from './calls.ts';
import { callControlQueries } from './call-control.ts';
import type { Shared } from './context.ts';
import { dashboardQueries } from './dashboard.ts';
import { jobQueries } from './jobs.ts';
import { listQueries } from './lists.ts';
import { orderQueries } from './orders.ts';
import { privacyQueries } from './privacy.ts';
import { recordingQueries } from './recordings.ts';
import { apiKeyQueries } from './api-keys.ts';
import { orderImportQueries } from './order-imports.ts';
import { shopOrderQueries } from './shop-orders.ts';
import { staffQueries } from './staff.ts';
import { staffUserQueries } from './staff-users.ts';

/** What each database provides itself: its IVR turn (the hot path) and its connection. */
export type OwnParts = 'applyTurn' | 'ping' | 'checkWritable' | 'close';

/** The whole store but the database's own parts, written once for both databases. */
export function createQueries(s: Shared): Omit<Store, OwnParts> {
  const { listCalls, listOrders, enrichCalls } = listQueries(s);
  const { upsertBody, ...shopOrders } = shopOrderQueries(s);
  return {
    ...shopOrders,
    ...orderImportQueries(s, { upsertBody, ...shopOrders }),
    ...staffUserQueries(s),
    ...apiKeyQueries(s),
    ...callQueries(s),
    ...callControlQueries(s),
    ...orderQueries(s),
    ...recordingQueries(s),
    ...aiLegQueries(s),
    ...aiAdmissionQueries(s),
    ...privacyQueries(s),
    ...jobQueries(s),
    ...staffQueries(s),
    ...actionQueries(s),
    ...dashboardQueries(s, enrichCalls),
    listCalls,
    listOrders,
  };
}
