// The machine API for the shop's system (docs/shop-api.md): its orders, with an API key. JSON
// in and out, every refusal with a `reason` a developer can act on.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { formatActor, type ApiKey, type Order } from '../../domain/index.ts';
import { parseNdjson } from '../../orders/ndjson.ts';
import { checkNumber, checkOrderObject } from '../../orders/input.ts';
import { countResults } from '../../orders/plan.ts';
import { requireApiKey } from '../middleware/api-key.ts';
import type { AppDeps, AppEnv } from '../types.ts';

export type ApiEnv = { Variables: AppEnv['Variables'] & { apiKey: ApiKey } };

/** Errors listed in one answer; the count says how many there were. */
const ERRORS_SHOWN = 100;

/** An order as the API shows it: `updatedAt` is the shop's own time (as sent), `changedAt` Liza's last change. */
export function apiOrder(o: Order) {
  return {
    number: o.number,
    status: o.status,
    phones: o.phones,
    name: o.name,
    note: o.note,
    updatedAt: o.shopUpdatedAt?.toISOString() ?? null,
    // `call`: a caller typed it and the shop has not confirmed it yet.
    source: o.source,
    createdAt: o.createdAt.toISOString(),
    changedAt: o.updatedAt.toISOString(),
  };
}

export function shopApiRoutes(deps: AppDeps) {
  const { store, logger } = deps;
  const now = deps.clock ?? (() => new Date());
  const app = new Hono<ApiEnv>();
  const bad = (c: Context, error: string, reason: string) => c.json({ error, reason }, 400);

  app.onError((err, c) => {
    logger.error({ err, path: c.req.path }, 'shop API request failed');
    return c.json({ error: 'internal', reason: 'the request could not be completed; nothing was changed, it is safe to retry' }, 500);
  });
  // 10,000 lines of generous orders; the other endpoints carry one order.
  const importLimit = bodyLimit({ maxSize: 16 * 1024 * 1024, onError: (c) => c.json({ error: 'too_large', reason: 'the import is larger than 16 MB; split it' }, 413) });
  const orderLimit = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ error: 'too_large', reason: 'one order is at most 64 kB' }, 413) });
  app.use('*', (c, next) => (c.req.path.endsWith('/orders/import') ? importLimit : orderLimit)(c, next));
  app.use('*', requireApiKey(deps));
  const actor = (c: Context<ApiEnv>) => formatActor({ kind: 'key', name: c.get('apiKey').name });

  app.post('/orders/import', async (c) => {
    const batch = parseNdjson(await c.req.text());
    if (batch.errors.length) {
      const n = batch.errors.length;
      return c.json({
        error: 'invalid_lines',
        reason: `${n} line${n === 1 ? ' has an error' : 's have errors'}; nothing was imported`,
        errorCount: n,
        errors: batch.errors.slice(0, ERRORS_SHOWN),
      }, 400);
    }
    const outcomes = await store.upsertOrders(batch.rows.map((r) => r.input), actor(c), now());
    const counts = countResults(outcomes);
    logger.info({ key: c.get('apiKey').name, orders: outcomes.length, ...counts }, 'shop API import');
    return c.json({ imported: outcomes.length, ...counts, staleNumbers: outcomes.filter((o) => o.result === 'stale').map((o) => o.number) });
  });

  app.put('/orders/:number', async (c) => {
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
      return c.json({ error: 'unsupported_media_type', reason: 'send the order as JSON with Content-Type: application/json' }, 415);
    }
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch (err) {
      return bad(c, 'bad_json', `the body is not valid JSON (${(err as Error).message})`);
    }
    const checked = checkOrderObject(body, c.req.param('number'));
    if (!checked.ok) return bad(c, 'invalid_order', checked.reason);
    const [out] = await store.upsertOrders([checked.value], actor(c), now());
    logger.info({ key: c.get('apiKey').name, number: out!.number, result: out!.result }, 'shop API order');
    return c.json({ result: out!.result, order: apiOrder(out!.order!) }, out!.result === 'created' ? 201 : 200);
  });

  app.get('/orders/:number', async (c) => {
    const n = checkNumber(c.req.param('number'));
    if (!n.ok) return bad(c, 'invalid_number', n.reason);
    const order = await store.getOrderByNumber(n.value);
    if (!order) return c.json({ error: 'not_found', reason: `no order ${n.value}` }, 404);
    return c.json({ order: apiOrder(order) });
  });

  app.delete('/orders/:number', async (c) => {
    const n = checkNumber(c.req.param('number'));
    if (!n.ok) return bad(c, 'invalid_number', n.reason);
    const res = await store.deleteOrder(n.value, actor(c), now());
    if (!res) return c.json({ error: 'not_found', reason: `no order ${n.value}` }, 404);
    logger.info({ key: c.get('apiKey').name, number: n.value, unlinkedCalls: res.unlinkedCalls }, 'shop API order deleted');
    return c.json({ deleted: true, number: n.value, unlinkedCalls: res.unlinkedCalls });
  });

  app.all('*', (c) => c.json({ error: 'not_found', reason: 'no such endpoint; see docs/shop-api.md' }, 404));
  return app;
}
