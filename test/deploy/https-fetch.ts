// Node's global fetch cannot be given a CA per call (it needs undici's Agent, which is not a
// dependency), so tests that talk to nginx's self-signed TLS port use this small fetch over
// node:https instead. It never follows redirects: the tests look at them.
import { request, Agent } from 'node:https';

/** `maxSockets` caps parallel connections; more requests wait for a kept-alive one. */
export function httpsFetch(ca: string, maxSockets = 64): typeof fetch & { agent: Agent } {
  const agent = new Agent({ ca, keepAlive: true, maxSockets });
  const f = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const headers = new Headers(init.headers);
    const body = init.body == null ? undefined : typeof init.body === 'string' ? init.body : String(init.body);
    if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));
    return await new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: init.method ?? 'GET', headers: Object.fromEntries(headers), agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) h.append(k, one);
          }
          const status = res.statusCode ?? 0;
          const noBody = status === 204 || status === 304 || (status >= 100 && status < 200);
          // Raw bytes: a gzip body stays gzip, so tests can see nginx compressed it.
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: h }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }) as typeof fetch & { agent: Agent };
  f.agent = agent;
  return f;
}
