// What exactly reaches the upstreams: the edge and the worker are replaced by recording servers
// (the harness may swap upstreams), so the headers nginx sets can be read back.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { freePort, hasProgram, reportMissingProgram } from '../helpers/processes.ts';
import { makeCert, startNginx, type RunningNginx } from './nginx-harness.ts';

const nginxHere = hasProgram('nginx', ['-v']);
reportMissingProgram(nginxHere, 'nginx', 'the nginx header tests need it (apt-get install nginx)');

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe.skipIf(!nginxHere)('the headers nginx sends upstream', () => {
  let dir: string;
  let ca: string;
  let nginx: RunningNginx;
  let edge: Server;
  let worker: Server;
  let wss: WebSocketServer;
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const upgrades: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liza-nginx-h-'));
    const made = makeCert(dir);
    ca = made.ca;
    edge = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'SAMEORIGIN' });
      res.end(`<!doctype html><p>${'Bestellungen und Anrufe. '.repeat(40)}</p>`);
    });
    worker = createServer((_req, res) => res.writeHead(404).end());
    wss = new WebSocketServer({ server: worker, path: '/media' });
    wss.on('connection', (ws, req) => {
      upgrades.push(req.headers);
      ws.on('message', (data) => ws.send(`echo:${data.toString()}`));
    });
    const [edgePort, workerPort, httpPort, httpsPort] = await Promise.all([listen(edge), listen(worker), freePort(), freePort()]);
    nginx = await startNginx(dir, { httpPort, httpsPort, edgePort, workerPort, cert: made.cert, key: made.key, ca });
  }, 60_000);

  afterAll(async () => {
    nginx?.fetch.agent.destroy();
    await nginx?.proc.stop();
    wss?.close();
    edge?.closeAllConnections();
    worker?.closeAllConnections();
    await Promise.all([edge, worker].map((s) => s && new Promise((r) => s.close(r))));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sets Host and the forwarding headers itself, ignoring what the client claims', async () => {
    seen.length = 0;
    const res = await nginx.fetch(`${nginx.publicBaseUrl}/calls`, {
      headers: { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-For': '6.6.6.6', 'X-Forwarded-Proto': 'http', Forwarded: 'host=evil.example' },
    });
    expect(res.status).toBe(200);
    const h = seen.at(-1)!.headers;
    expect(h.host).toBe('liza.example.com');
    expect(h['x-forwarded-proto']).toBe('https');
    expect(h['x-forwarded-for']).toBe('127.0.0.1');
    expect(h['x-forwarded-host']).toBeUndefined();
    expect(h.forwarded).toBeUndefined();
  });

  it('does not pass /metrics through from the internet', async () => {
    seen.length = 0;
    const res = await nginx.fetch(`${nginx.publicBaseUrl}/metrics`);
    expect(res.status).toBe(404);
    expect(seen).toHaveLength(0);
  });

  it('compresses HTML for clients that accept gzip, and replaces the upstream frame header', async () => {
    const res = await nginx.fetch(`${nginx.publicBaseUrl}/`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const { gunzipSync } = await import('node:zlib');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toContain('Bestellungen und Anrufe.');
  });

  it('upgrades /media to a WebSocket on the worker and carries messages both ways', async () => {
    const ws = new WebSocket(`${nginx.publicBaseUrl.replace('https:', 'wss:')}/media`, { ca, headers: { 'X-Twilio-Signature': 'sig-abc' } });
    const reply = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('hello'));
      ws.on('message', (d) => resolve(d.toString()));
      ws.on('error', reject);
    });
    ws.close();
    expect(reply).toBe('echo:hello');
    const h = upgrades.at(-1)!;
    // The worker checks this header against PUBLIC_MEDIA_URL, so nginx must pass it through.
    expect(h['x-twilio-signature']).toBe('sig-abc');
    expect(h.host).toBe('liza.example.com');
    expect(h['x-forwarded-proto']).toBe('https');
  });

  it('limits POST /login strictly but leaves GET /login alone', async () => {
    const post = () => nginx.fetch(`${nginx.publicBaseUrl}/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'user=a&password=b' });
    // 10 a minute with a burst of 5: the first ones pass, then nginx refuses. A slow machine earns one
    // more pass every six seconds, so send until the third refusal rather than a fixed count.
    const posts: number[] = [];
    while (posts.filter((s) => s === 429).length < 3) posts.push((await post()).status);
    expect(posts.slice(0, 5).every((s) => s === 200)).toBe(true);
    const gets = await Promise.all(Array.from({ length: 10 }, () => nginx.fetch(`${nginx.publicBaseUrl}/login`).then((r) => r.status)));
    expect(gets.every((s) => s === 200)).toBe(true);
  });
});
