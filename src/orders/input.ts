// The shop's order data as it arrives (the API's JSON, NDJSON lines, CSV rows), checked field by
// field into one shape, with a reason a person can act on for anything wrong. Pure: the edge, the
// command line and the store all use it.
import { ORDER_NUMBER, ORDER_STATUSES, isOrderStatus, type OrderStatus } from '../domain/index.ts';

/**
 * One order from the shop. An absent optional field leaves what is stored; `null` (or an empty
 * list of phones) clears it. So a shop may send only the status, and a full record never loses
 * anything either.
 */
export interface OrderInput {
  number: string;
  status: OrderStatus;
  phones?: string[];
  name?: string | null;
  note?: string | null;
  /** The shop's own time of this data: an update older than the one applied last is not applied. */
  updatedAt?: Date;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export const MAX_PHONES = 10;
export const NAME_MAX = 200;
export const SHOP_NOTE_MAX = 2000;
const FIELDS = ['number', 'status', 'phones', 'name', 'note', 'updatedAt'];
const E164 = /^\+[1-9]\d{6,14}$/;
// ISO 8601 with a time zone: without one the time would mean whatever zone the server is in.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

export function checkNumber(v: unknown): Checked<string> {
  if (typeof v === 'number' && Number.isSafeInteger(v)) v = String(v);
  if (typeof v !== 'string') return fail('number: expected the order number as a string of digits');
  const n = v.trim();
  const { minDigits, maxDigits } = ORDER_NUMBER;
  if (!new RegExp(`^\\d{${minDigits},${maxDigits}}$`).test(n)) {
    return fail(`number: "${n.slice(0, 40)}" is not ${minDigits} to ${maxDigits} digits (callers type the number on the keypad, so only digits can be asked about)`);
  }
  return { ok: true, value: n };
}

export function checkStatus(v: unknown): Checked<OrderStatus> {
  if (typeof v === 'string' && isOrderStatus(v.trim().toLowerCase())) return { ok: true, value: v.trim().toLowerCase() as OrderStatus };
  if (v === undefined || v === null || v === '') return fail(`status: missing; use one of ${ORDER_STATUSES.join(', ')}`);
  return fail(`status: unknown status ${JSON.stringify(v).slice(0, 40)}; use one of ${ORDER_STATUSES.join(', ')}`);
}

/** Phone numbers in E.164; the spaces, dashes and brackets people write them with are dropped. */
export function checkPhones(v: unknown): Checked<string[]> {
  const list = typeof v === 'string' ? v.split(/[|;,\n]/) : v;
  if (!Array.isArray(list)) return fail('phones: expected a list of phone numbers such as ["+4915112345678"]');
  const out: string[] = [];
  for (const raw of list) {
    if (typeof raw !== 'string') return fail('phones: every phone number must be a string such as "+4915112345678"');
    const p = raw.replace(/[\s\-()/.]/g, '');
    if (p === '') continue;
    if (!E164.test(p)) return fail(`phones: "${raw.trim().slice(0, 40)}" is not an international number in E.164 form, such as +4915112345678`);
    if (!out.includes(p)) out.push(p);
  }
  if (out.length > MAX_PHONES) return fail(`phones: at most ${MAX_PHONES} numbers per order`);
  return { ok: true, value: out };
}

function checkText(field: string, v: unknown, max: number): Checked<string | null> {
  if (v === null) return { ok: true, value: null };
  if (typeof v !== 'string') return fail(`${field}: expected text or null`);
  const s = v.trim();
  if (s.length > max) return fail(`${field}: longer than ${max} characters`);
  return { ok: true, value: s === '' ? null : s };
}

export function checkUpdatedAt(v: unknown): Checked<Date> {
  if (typeof v !== 'string' || !ISO_TIME.test(v.trim()) || Number.isNaN(Date.parse(v))) {
    return fail('updatedAt: expected an ISO 8601 time with its time zone, such as 2026-03-02T10:00:00Z');
  }
  return { ok: true, value: new Date(v.trim()) };
}

/**
 * A JSON object → an order. `number` may come from the URL (PUT /api/v1/orders/:number); then the
 * body need not repeat it, and must not contradict it.
 */
export function checkOrderObject(body: unknown, numberFromPath?: string): Checked<OrderInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('expected a JSON object such as {"status": "shipped"}');
  const o = body as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !FIELDS.includes(k));
  // A typo ("phone", "state") would otherwise be dropped without a word.
  if (unknown.length) return fail(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; the fields are ${FIELDS.join(', ')}`);
  let number: string;
  if (numberFromPath !== undefined) {
    const n = checkNumber(numberFromPath);
    if (!n.ok) return n;
    if (o.number !== undefined && String(o.number).trim() !== n.value) return fail(`number: the body says "${String(o.number).slice(0, 40)}" but the URL says "${n.value}"`);
    number = n.value;
  } else {
    const n = checkNumber(o.number);
    if (!n.ok) return n;
    number = n.value;
  }
  const status = checkStatus(o.status);
  if (!status.ok) return status;
  const input: OrderInput = { number, status: status.value };
  if (o.phones !== undefined) {
    const p = o.phones === null ? { ok: true as const, value: [] } : checkPhones(o.phones);
    if (!p.ok) return p;
    input.phones = p.value;
  }
  for (const [field, max] of [['name', NAME_MAX], ['note', SHOP_NOTE_MAX]] as const) {
    if (o[field] === undefined) continue;
    const t = checkText(field, o[field], max);
    if (!t.ok) return t;
    input[field] = t.value;
  }
  if (o.updatedAt !== undefined && o.updatedAt !== null) {
    const u = checkUpdatedAt(o.updatedAt);
    if (!u.ok) return u;
    input.updatedAt = u.value;
  }
  return { ok: true, value: input };
}

/** An input as JSON (the CSV preview keeps its rows in the database until they are applied). */
export const toJsonInput = (i: OrderInput): Record<string, unknown> => ({ ...i, updatedAt: i.updatedAt?.toISOString() });

/** The stored form back; a row that no longer checks is dropped (it was checked when stored). */
export function fromJsonInputs(rows: unknown[]): OrderInput[] {
  return rows.flatMap((r) => {
    const c = checkOrderObject(r);
    return c.ok ? [c.value] : [];
  });
}
