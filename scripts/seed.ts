// `npm run seed -- --calls 1000000`: fills the SQLite database with realistic calls, IVR steps,
// consents and orders, for trying the staff pages and for bench/staff-list.ts.
//
// It writes with raw prepared statements in large transactions instead of going through the
// Store, which inserts one webhook turn at a time: a million calls (about five million rows)
// take tens of seconds this way instead of an hour. SQLite only.
import type Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { openSqlite } from '../src/store/sqlite/db.ts';

export interface SeedOptions {
  calls: number;
  /** Calls are spread over this many days before `now`. */
  days: number;
  seed: number;
  now: Date;
  /** Calls still in progress at `now` (shown as live on the dashboard). */
  live: number;
}

/** mulberry32: a tiny seeded PRNG, so a seed gives the same data every time. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Anna', 'Lukas', 'Marie', 'Jonas', 'Sophie', 'Leon', 'Emma', 'Paul', 'Mia', 'Felix', 'Hannah', 'Ben', 'Olivia', 'James', 'Emily', 'Michael', 'Sarah', 'David'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schulz', 'Smith', 'Jones', 'Taylor', 'Brown', 'Johnson', 'Miller'];
const DE_MOBILE = ['151', '152', '157', '160', '162', '170', '171', '176', '177', '179'];

export function seedSqlite(raw: Database.Database, o: SeedOptions): { calls: number; orders: number; events: number } {
  const rnd = prng(o.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');

  const insCall = raw.prepare('insert into calls (call_sid, from_masked, from_full, to_number, caller_name, language, status, started_at, ended_at, duration_s) values (?,?,?,?,?,?,?,?,?,?)');
  const insEvent = raw.prepare('insert into call_events (call_id, key, kind, step, digits, text, detail, at) values (?,?,?,?,?,?,?,?)');
  const insConsent = raw.prepare('insert into consents (call_id, given, at) values (?,?,?)');
  const insOrder = raw.prepare('insert or ignore into orders (number, status, created_at, updated_at) values (?,?,?,?)');
  const orderId = raw.prepare('select id from orders where number = ?').pluck();
  const insLink = raw.prepare('insert or ignore into order_calls (order_id, call_id, at) values (?,?,?)');

  const now = o.now.getTime();
  const span = o.days * 86_400_000;
  // A catalogue of order numbers; a few are asked about very often (a Zipf-like tail).
  const catalogue = Math.max(50, Math.floor(o.calls / 3));
  // 7919 is prime and does not divide 8,999,999, so this scrambles indexes into distinct 7-digit numbers.
  const orderNumberOf = (i: number) => String(1_000_000 + ((i * 7919) % 8_999_999));
  let events = 0;
  const orderIds = new Map<string, number>();

  const batch = raw.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const live = i >= o.calls - o.live;
      // Business hours on weekdays get most calls: reject-sample a time of day.
      let at = live ? now - Math.floor(rnd() * 240_000) : now - Math.floor(rnd() * span) - 300_000;
      for (let k = 0; k < 4 && !live; k++) {
        const h = new Date(at + 3_600_000).getUTCHours();
        const dow = new Date(at).getUTCDay();
        if (h >= 8 && h < 19 && dow !== 0 && dow !== 6) break;
        at = now - Math.floor(rnd() * span) - 300_000;
      }
      const r = rnd();
      const lang = r < 0.8 ? 'de-DE' : r < 0.92 ? 'en-GB' : 'en-US';
      const [cc, national] = lang === 'de-DE' ? ['49', pick(DE_MOBILE) + digits(rnd() < 0.5 ? 7 : 8)] : lang === 'en-GB' ? ['44', '7' + digits(9)] : ['1', String(200 + Math.floor(rnd() * 700)) + '555' + digits(4)];
      // Same shape as telephony/phone.ts maskNumber (libphonenumber per row would triple the run time).
      const masked = `+${cc} ${'•'.repeat(national.length - 2)}${national.slice(-2)}`;
      const c = rnd();
      const consent = c < 0.85 ? true : c < 0.93 ? false : null;
      const name = rnd() < 0.2 ? `${pick(FIRST)} ${pick(LAST)}` : null;
      const duration = live ? null : consent === false ? 15 + Math.floor(rnd() * 10) : Math.round(25 + Math.exp(rnd() * 5.5));
      const status = live ? (consent ? 'processed' : 'in_progress') : rnd() < 0.03 ? 'problem' : 'completed';
      const callId = Number(insCall.run(`CA${hex(32)}`, masked, consent ? `+${cc}${national}` : null, '+4930123456789', name, lang, live ? 'in_progress' : status, at, duration == null ? null : at + duration * 1000, duration).lastInsertRowid);
      insEvent.run(callId, 'ivr:0', 'ivr', 'voice', null, null, '{"outcome":"greeting"}', at);
      events++;
      if (consent !== null) {
        insEvent.run(callId, 'ivr:1', 'ivr', 'consent', consent ? '1' : '2', null, `{"outcome":"pressed_${consent ? 1 : 2}"}`, at + 9000);
        insConsent.run(callId, consent ? 1 : 0, at + 9000);
        events++;
      }
      if (consent && rnd() < 0.75) {
        const n = orderNumberOf(Math.floor(catalogue * Math.pow(rnd(), 2.5)));
        insEvent.run(callId, 'ivr:2', 'ivr', 'order', n, null, '{"outcome":"valid"}', at + 21000);
        insEvent.run(callId, 'ivr:3', 'ivr', 'order_confirm', '1', null, '{"outcome":"pressed_1"}', at + 27000);
        events += 2;
        let id = orderIds.get(n);
        if (id === undefined) {
          const age = (now - at) / 86_400_000;
          const st = age > 14 ? (rnd() < 0.9 ? 'delivered' : 'cancelled') : age > 5 ? pick(['shipped', 'delivered', 'delivered']) : pick(['received', 'processing', 'shipped']);
          insOrder.run(n, st, at + 27000, at + 27000 + Math.floor(rnd() * 3 * 86_400_000));
          id = orderId.get(n) as number;
          orderIds.set(n, id);
        }
        insLink.run(id, callId, at + 27000);
      }
      if (!live) {
        insEvent.run(callId, 'status:completed', 'twilio_status', 'completed', null, null, `{"durationS":${duration}}`, at + duration! * 1000);
        events++;
      }
    }
  });
  raw.pragma('synchronous = OFF');
  const CHUNK = 20_000;
  for (let from = 0; from < o.calls; from += CHUNK) batch(from, Math.min(o.calls, from + CHUNK));
  raw.pragma('synchronous = NORMAL');
  raw.exec('analyze');
  return { calls: o.calls, orders: orderIds.size, events };
}

async function main() {
  const { values } = parseArgs({
    options: { calls: { type: 'string', default: '1000' }, days: { type: 'string', default: '90' }, seed: { type: 'string', default: '1' }, db: { type: 'string' } },
  });
  const url = values.db ?? process.env.DATABASE_URL ?? './data/liza.db';
  if (/^postgres/.test(url)) throw new Error('npm run seed writes SQLite only; point DATABASE_URL (or --db) at a SQLite file');
  const calls = Number(values.calls);
  if (!Number.isInteger(calls) || calls < 1) throw new Error('--calls must be a positive whole number');
  const { raw } = openSqlite(url);
  const started = performance.now();
  const res = seedSqlite(raw, { calls, days: Number(values.days), seed: Number(values.seed), now: new Date(), live: Math.min(3, calls) });
  raw.close();
  const s = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Seeded ${url}: ${res.calls.toLocaleString('en')} calls, ${res.orders.toLocaleString('en')} orders, ${res.events.toLocaleString('en')} call events in ${s} s.`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
