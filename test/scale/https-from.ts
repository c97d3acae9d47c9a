// A minimal fetch over node:https that trusts the test CA and sends from a chosen loopback
// address. Twilio's webhooks arrive from many addresses; sending 200 calls' webhooks from one
// would (rightly) trip nginx's per-address webhook rate limit, which is not under test here.
import { Agent, request } from 'node:https';

export function httpsFetchFrom(ca: string, localAddress: string): typeof fetch & { agent: Agent } {
  const agent = new Agent({ ca, keepAlive: true, maxSockets: 16, localAddress });
  const f = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const headers = Object.fromEntries(new Headers(init.headers));
    const body = typeof init.body === 'string' ? init.body : undefined;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return await new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers: h }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }) as typeof fetch & { agent: Agent };
  f.agent = agent;
  return f;
}
