// What every layer shares: languages, statuses and the domain's records. Pure: no runtime, ORM or
// framework imports, so ivr/ and telephony/ may use it. The store maps its rows onto these types;
// nothing here knows the store.
export * from './lang.ts';
export * from './statuses.ts';
export type * from './calls.ts';
export type * from './orders.ts';
export type * from './recordings.ts';
export type * from './staff.ts';
export type * from './jobs.ts';
export type * from './staff-lists.ts';
