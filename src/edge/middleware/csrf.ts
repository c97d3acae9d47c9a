import type { Context, MiddlewareHandler } from 'hono';
import { sameToken } from '../auth/tokens.ts';
import type { AppDeps } from '../types.ts';
import type { StaffEnv } from './session.ts';

/**
 * A browser sends Origin on every cross-site POST. When it is present it must be ours:
 * PUBLIC_BASE_URL's origin, or the origin the request reached (a local run on another port).
 */
export function originAllowed(c: Context, publicBaseUrl: string): boolean {
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return origin !== 'null';
  return origin === new URL(publicBaseUrl).origin || origin === new URL(c.req.url).origin;
}

/**
 * Staff form POSTs must carry the session's token in `_csrf` (synchronizer token) and a
 * matching Origin. The JSON API is guarded by Origin and by requiring `application/json`,
 * which no cross-site form can send without a CORS preflight we never grant.
 */
export function requireCsrf({ config }: AppDeps, refuse: (c: Context<StaffEnv>) => Response | Promise<Response>): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    if (!originAllowed(c, config.publicBaseUrl)) return refuse(c);
    if (c.req.path.startsWith('/api/') || c.req.path === '/login') return next();
    const session = c.get('session');
    const body = await c.req.parseBody();
    const token = typeof body._csrf === 'string' ? body._csrf : undefined;
    if (!session || !sameToken(token, session.csrfToken)) return refuse(c);
    return next();
  };
}
