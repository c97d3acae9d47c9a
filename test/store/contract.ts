// One behavioural contract for every Store implementation. Each implementation's test file calls
// storeContract() with a way to get an empty store; everything here must hold for all of them.
import { afterAll, beforeEach, describe } from 'vitest';
import type { Store } from '../../src/store/index.ts';
import { accountsContract } from './contract-accounts.ts';
import { callControlContract } from './contract-call-control.ts';
import { aiAdmissionContract } from './contract-ai-admission.ts';
import { aiLegsContract } from './contract-ai-legs.ts';
import { callsContract } from './contract-calls.ts';
import { dashboardAiContract } from './contract-dashboard-ai.ts';
import { dashboardOrdersContract } from './contract-dashboard-orders.ts';
import { dashboardTalliesContract } from './contract-dashboard-tallies.ts';
import { jobsContract } from './contract-jobs.ts';
import { ordersContract } from './contract-orders.ts';
import { queriesContract } from './contract-queries.ts';
import { recordingsContract } from './contract-recordings.ts';
import { staffContract } from './contract-staff.ts';

export interface StoreFactory {
  /** An empty, migrated store for one test. */
  fresh(): Promise<Store>;
  /** Called once at the end. */
  finish?(): Promise<void>;
}

/** What each contract part sees: the current test's store. */
export type Ctx = () => Store;

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.fresh();
    });
    afterAll(async () => {
      await factory.finish?.();
    });
    const ctx: Ctx = () => store;
    callsContract(ctx);
    callControlContract(ctx);
    recordingsContract(ctx);
    jobsContract(ctx);
    staffContract(ctx);
    queriesContract(ctx);
    dashboardTalliesContract(ctx);
    dashboardOrdersContract(ctx);
    dashboardAiContract(ctx);
    ordersContract(ctx);
    accountsContract(ctx);
    aiLegsContract(ctx);
    aiAdmissionContract(ctx);
  });
}
