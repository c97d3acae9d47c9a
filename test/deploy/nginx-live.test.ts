// The dashboard's live panel through the shipped nginx site: its event stream must reach the
// browser as events happen (nginx buffers proxied responses by default) and must not hold the
// edge's shutdown open.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_MS } from '../../src/edge/routes/admin/pages.tsx';
import { signTwilioRequest } from '../../src/telephony/signature.ts';
import { freePort, hasProgram, reportMissingProgram, startProcess, type Started } from '../helpers/processes.ts';
import { TSX_IMPORT } from '../helpers/spawn-edge.ts';
import { makeCert, NGINX_DIR, startNginx, type RunningNginx } from './nginx-harness.ts';
import { signIn } from './staff.ts';

const nginxHere = hasProgram('nginx', ['-v']);
reportMissingProgram(nginxHere, 'nginx', 'the live panel test through nginx needs it (apt-get install nginx)');
const TOKEN = 'nginx-live-token-0123456789';

/** An open event stream: everything received so far, and a wait for a text to arrive. */
function openStream(url: string, ca: string, cookie: string) {
  let text = '';
  let ended = false;
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const agent = new Agent({ ca });
  const status = new Promise<number>((resolve, reject) => {
    const req = request(url, { headers: { Cookie: cookie, Accept: 'text/event-stream' }, agent }, (res) => {
      resolve(res.statusCode ?? 0);
      res.setEncoding('utf8');
      res.on('data', (c: string) => ((text += c), wake()));
      res.on('end', () => ((ended = true), wake()));
      res.on('error', () => ((ended = true), wake()));
    });
    req.on('error', reject);
    req.end();
  });
  const until = async (ok: () => boolean) => {
    while (!ok()) await new Promise<void>((r) => waiters.push(r));
  };
  return {
    status,
    text: () => text,
    waitFor: (needle: string) => until(() => text.includes(needle) || ended).then(() => expect(text).toContain(needle)),
    ended: () => until(() => ended),
    close: () => agent.destroy(),
  };
}

describe('the shipped nginx config keeps the live panel live', () => {
  it('sends a heartbeat well under the proxy read timeout', () => {
    const site = readFileSync(join(NGINX_DIR, 'liza.conf'), 'utf8');
    const timeout = Number(/^\s*proxy_read_timeout (\d+)s;/m.exec(site)![1]);
    expect(HEARTBEAT_MS * 2).toBeLessThanOrEqual(timeout * 1000);
  });
});

describe.skipIf(!nginxHere)('the live panel through nginx', () => {
  let dir: string;
  let edge: Started;
  let nginx: RunningNginx;
  let ca: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liza-live-'));
    const made = makeCert(dir);
    ca = made.ca;
    const [edgePort, workerPort, httpPort, httpsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    edge = await startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/edge/main.node.ts'], {
      env: {
        PORT: String(edgePort), HOST: '127.0.0.1', DATABASE_URL: join(dir, 'liza.db'), PUBLIC_BASE_URL: `https://localhost:${httpsPort}`,
        TWILIO_AUTH_TOKEN: TOKEN, ADMIN_USER: 'chef', ADMIN_PASSWORD: 'nginx-staff-password', LOG_LEVEL: 'info',
      },
      readyUrl: `http://127.0.0.1:${edgePort}/health`,
    });
    nginx = await startNginx(dir, { httpPort, httpsPort, edgePort, workerPort, cert: made.cert, key: made.key, ca });
  }, 60_000);

  afterAll(async () => {
    nginx?.fetch.agent.destroy();
    await nginx?.proc.stop();
    await edge?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a new caller to an open stream without a reload, and the stream ends on SIGTERM', async () => {
    const session = await signIn(nginx.fetch, nginx.publicBaseUrl, 'chef', 'nginx-staff-password');
    expect(session.status).toBe(303);
    const stream = openStream(`${nginx.publicBaseUrl}/live`, ca, session.cookie);
    try {
      expect(await stream.status).toBe(200);
      // The first fragment: nobody on the line yet.
      await stream.waitFor('event: live');
      const params = { CallSid: 'CAlive0000000000000000000000nginx', From: '+4915112345678', To: '+4930123456', CallStatus: 'ringing', Direction: 'inbound' };
      const url = `${nginx.publicBaseUrl}/webhook/voice`;
      const res = await nginx.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signTwilioRequest(TOKEN, url, params) },
        body: new URLSearchParams(params).toString(),
      });
      expect(res.status).toBe(200);
      // The masked number of the new caller arrives on the already open stream: a buffered
      // stream would hold this small event back (the test's timeout would report it).
      await stream.waitFor('+49 •••••••••78');

      const code = edge.stop();
      await stream.ended();
      expect(await code).toBe(0);
      // The store closed after the stream: the shutdown did not run into the 5 s hard stop.
      expect(edge.output()).toContain('edge stopped: connections and store closed');
    } finally {
      stream.close();
    }
  }, 60_000);
});
