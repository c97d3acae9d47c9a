import { Hono, type Context } from 'hono';
import { CALL_STATUSES, isCallStatus, isOrderStatus, ORDER_STATUSES } from '../../domain/index.ts';
import type { StaffEnv } from '../middleware/session.ts';
import type { AppDeps } from '../types.ts';

/** The JSON API for signed-in staff (the session middleware answers 401 before this runs). */
export function apiRoutes(deps: AppDeps) {
  const { store } = deps;
  const now = deps.clock ?? (() => new Date());
  const app = new Hono<StaffEnv>();

  /** `{"status": "…"}` or a 400/415 response explaining what is wrong. */
  async function readStatus(c: Context<StaffEnv>): Promise<{ status: string } | Response> {
    // Requiring JSON keeps cross-site forms out: they cannot send it without a CORS preflight.
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
      return c.json({ error: 'unsupported_media_type', reason: 'send JSON with Content-Type: application/json' }, 415);
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'bad_request', reason: 'the body is not valid JSON' }, 400);
    }
    const status = (body as { status?: unknown } | null)?.status;
    if (typeof status !== 'string') return c.json({ error: 'bad_request', reason: 'expected {"status": "…"}' }, 400);
    return { status };
  }

  const id = (c: Context) => (/^\d{1,12}$/.test(c.req.param('id') ?? '') ? Number(c.req.param('id')) : null);

  app.post('/calls/:id/status', async (c) => {
    const r = await readStatus(c);
    if (r instanceof Response) return r;
    if (!isCallStatus(r.status)) {
      return c.json({ error: 'invalid_status', reason: `unknown call status "${r.status}"; use one of ${CALL_STATUSES.join(', ')}` }, 400);
    }
    const callId = id(c);
    const res = callId ? await store.setCallStatus(callId, r.status, c.get('session')!.username, now()) : { kind: 'not_found' as const };
    if (res.kind === 'not_found') return c.json({ error: 'not_found', reason: 'no such call' }, 404);
    return c.json({ id: callId, status: res.new, previous: res.old, changed: res.kind === 'changed' });
  });

  app.post('/orders/:id/status', async (c) => {
    const r = await readStatus(c);
    if (r instanceof Response) return r;
    if (!isOrderStatus(r.status)) {
      return c.json({ error: 'invalid_status', reason: `unknown order status "${r.status}"; use one of ${ORDER_STATUSES.join(', ')}` }, 400);
    }
    const orderId = id(c);
    const res = orderId ? await store.setOrderStatus(orderId, r.status, c.get('session')!.username, now()) : { kind: 'not_found' as const };
    if (res.kind === 'not_found') return c.json({ error: 'not_found', reason: 'no such order' }, 404);
    return c.json({ id: orderId, status: res.new, previous: res.old, changed: res.kind === 'changed' });
  });

  app.all('*', (c) => c.json({ error: 'not_found', reason: 'no such API endpoint' }, 404));
  return app;
}
