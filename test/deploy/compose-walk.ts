// What the compose tests do through nginx over TLS, on SQLite and on PostgreSQL alike: a German
// and an English call with signed webhooks, an AI leg over /media, a staff sign-in and an order
// status change. Returns the call SIDs it made.
import { expect } from 'vitest';
import type { FakeRealtime } from '../fakes/fake-realtime.ts';
import { walkMediaCall } from './media-walk.ts';
import { signIn } from './staff.ts';
import { DE, GB, walkOverHttp } from './walk.ts';

export interface WalkTarget {
  base: string;
  mediaUrl: string;
  token: string;
  fetch: typeof fetch;
  engine: FakeRealtime;
  caFile: string;
  admin: { user: string; password: string };
}

/** Two calls asking about orders nobody knows yet (so Liza notes them as received, and says so). */
export async function walkCalls(t: WalkTarget, orders: [string, string] = ['4711', '4712']): Promise<string[]> {
  const de = await walkOverHttp({ publicBaseUrl: t.base, authToken: t.token, from: DE, fetch: t.fetch }, ['1', `${orders[0]}#`, '1', '9']);
  expect(de.said[0]!.text).toContain('Hier spricht Liza');
  // Numbers nobody sent before: noted for the team, honestly (UNKNOWN_ORDERS=create).
  expect(de.text).toContain(`Bestellnummer ${orders[0].split('').join(' ')} notiert`);
  expect(de.ended).toBe('hangup');
  const en = await walkOverHttp({ publicBaseUrl: t.base, authToken: t.token, from: GB, fetch: t.fetch }, ['1', `${orders[1]}#`, '1', '9']);
  expect(en.said[0]!.lang).toBe('en-GB');
  expect(en.text).toContain(`I've noted order number ${orders[1].split('').join(' ')}.`);
  return [de.callSid, en.callSid];
}

export async function walkMedia(t: WalkTarget): Promise<string> {
  const m = await walkMediaCall({ publicBaseUrl: t.base, mediaUrl: t.mediaUrl, authToken: t.token, fetch: t.fetch, engine: t.engine, caFile: t.caFile });
  expect(m.stream).toMatchObject({ url: t.mediaUrl, params: { call: m.call.callSid, lang: 'de-DE', order: '4711' } });
  expect(m.result).toMatchObject({ connected: true });
  expect(m.engineHeard.length).toBeGreaterThanOrEqual(1600);
  expect(m.engineHeard.every((b) => b === 0x55)).toBe(true);
  const heard = Buffer.from(m.result!.received!, 'base64');
  expect(heard.subarray(0, 1600).every((b) => b === 0x2a)).toBe(true);
  expect(m.call.ended).toBe('hangup');
  return m.call.callSid;
}

/** Signs in and moves order `number` to `status` through the JSON API, as the staff pages do. */
export async function changeOrderStatus(t: WalkTarget, number: string, status: string): Promise<void> {
  const s = await signIn(t.fetch, t.base, t.admin.user, t.admin.password);
  expect(s.status).toBe(303);
  const list = await t.fetch(`${t.base}/orders?number=${number}`, { headers: { Cookie: s.cookie } });
  const html = await list.text();
  const id = new RegExp(`href="/orders/(\\d+)"[^>]*>[^<]*${number}`).exec(html)?.[1] ?? /href="\/orders\/(\d+)"/.exec(html)?.[1];
  expect(id, `order ${number} on /orders`).toBeDefined();
  const res = await t.fetch(`${t.base}/api/orders/${id}/status`, {
    method: 'POST',
    headers: { Cookie: s.cookie, 'Content-Type': 'application/json', Origin: new URL(t.base).origin },
    body: JSON.stringify({ status }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}
