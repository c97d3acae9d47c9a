// What every layer shares: languages, statuses and the domain's records. Pure: no runtime, ORM or
// framework imports, so ivr/ and telephony/ may use it. The store maps its rows onto these types;
// nothing here knows the store.
export * from './lang.ts';
export * from './statuses.ts';
export * from './calls.ts';
export * from './orders.ts';
export * from './actors.ts';
export type * from './recordings.ts';
export * from './staff.ts';
export type * from './jobs.ts';
export type * from './staff-lists.ts';
export * from './live.ts';
export * from './ai-legs.ts';
export * from './ai-cost.ts';
