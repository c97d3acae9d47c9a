import type { MiddlewareHandler } from 'hono';
import { apiKeyHash } from '../auth/api-keys.ts';
import type { ApiEnv } from '../routes/api-v1.ts';
import type { AppDeps } from '../types.ts';

/**
 * `Authorization: Bearer <API key>` (RFC 6750): a key an admin created and has not revoked, else
 * 401 with WWW-Authenticate and the reason. The key's last use is recorded.
 */
export function requireApiKey({ store, clock }: AppDeps): MiddlewareHandler<ApiEnv> {
  const now = clock ?? (() => new Date());
  return async (c, next) => {
    const refuse = (reason: string, error = 'invalid_token') => {
      c.header('WWW-Authenticate', `Bearer realm="liza", error="${error}"`);
      return c.json({ error: 'unauthorized', reason }, 401);
    };
    const m = /^Bearer[ \t]+(\S{1,200})[ \t]*$/i.exec(c.req.header('authorization') ?? '');
    if (!m) return refuse('send an API key as "Authorization: Bearer <key>"; admins create keys on /settings/api-keys', 'invalid_request');
    const key = await store.findApiKey(apiKeyHash(m[1]!));
    if (!key) return refuse('this API key is not known');
    if (key.revokedAt) return refuse(`this API key ("${key.name}") was revoked on ${key.revokedAt.toISOString()}`);
    await store.touchApiKey(key.id, now());
    c.set('apiKey', key);
    await next();
  };
}
