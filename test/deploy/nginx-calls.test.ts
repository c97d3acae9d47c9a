// The shipped nginx site in front of a real edge process: a German call signed over the public
// https URL, forged forwarding headers, the webhook rate limit, redirects and body limits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTwilioRequest } from '../../src/telephony/signature.ts';
import { freePort, hasProgram, reportMissingProgram, startProcess, type Started } from '../helpers/processes.ts';
import { TSX_IMPORT } from '../helpers/spawn-edge.ts';
import { httpsFetch } from './https-fetch.ts';
import { makeCert, startNginx, type RunningNginx } from './nginx-harness.ts';
import { signIn } from './staff.ts';
import { DE, walkOverHttp } from './walk.ts';

const nginxHere = hasProgram('nginx', ['-v']);
reportMissingProgram(nginxHere, 'nginx', 'the end-to-end tests through nginx need it (apt-get install nginx)');

const TOKEN = 'nginx-test-token-0123456789';
const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe.skipIf(!nginxHere)('Liza behind the shipped nginx config', () => {
  let dir: string;
  let edge: Started;
  let nginx: RunningNginx;
  let ca: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liza-nginx-'));
    const made = makeCert(dir);
    ca = made.ca;
    const { cert, key } = made;
    const [edgePort, workerPort, httpPort, httpsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    edge = await startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/edge/main.node.ts'], {
      env: {
        PORT: String(edgePort),
        HOST: '127.0.0.1',
        DATABASE_URL: join(dir, 'liza.db'),
        PUBLIC_BASE_URL: `https://localhost:${httpsPort}`,
        TWILIO_AUTH_TOKEN: TOKEN,
        ADMIN_USER: 'chef',
        ADMIN_PASSWORD: 'nginx-staff-password',
        LOG_LEVEL: 'warn',
      },
      readyUrl: `http://127.0.0.1:${edgePort}/health`,
    });
    nginx = await startNginx(dir, { httpPort, httpsPort, edgePort, workerPort, cert, key, ca });
  }, 60_000);

  afterAll(async () => {
    nginx?.fetch.agent.destroy();
    await nginx?.proc.stop();
    await edge?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('walks a full German call, every webhook signed over the public https URL', async () => {
    const r = await walkOverHttp({ publicBaseUrl: nginx.publicBaseUrl, authToken: TOKEN, from: DE, fetch: nginx.fetch }, ['1', '4711#', '1', '9']);
    expect(r.said[0]!.text).toContain('Hier spricht Liza');
    expect(r.text).toContain('Ich habe mir die Bestellnummer 4 7 1 1 notiert');
    expect(r.ended).toBe('hangup');
    expect(r.requests.every((q) => q.url.startsWith(`${nginx.publicBaseUrl}/webhook/`))).toBe(true);
  });

  it('does not let a forged X-Forwarded-Host or X-Forwarded-Proto make a foreign signature valid', async () => {
    const params = { CallSid: 'CA' + 'e'.repeat(32), From: DE, To: '+4930123456789', CallStatus: 'ringing', Direction: 'inbound' };
    const post = (signedUrl: string, headers: Record<string, string>) =>
      nginx.fetch(`${nginx.publicBaseUrl}/webhook/voice`, {
        method: 'POST',
        headers: { ...FORM, 'X-Twilio-Signature': signTwilioRequest(TOKEN, signedUrl, params), ...headers },
        body: form(params),
      });
    // A genuine signature for another host (say, captured from another site on the same account).
    const foreign = await post('https://evil.example/webhook/voice', { 'X-Forwarded-Host': 'evil.example' });
    expect(foreign.status).toBe(403);
    const downgraded = await post(nginx.publicBaseUrl.replace('https:', 'http:') + '/webhook/voice', { 'X-Forwarded-Proto': 'http' });
    expect(downgraded.status).toBe(403);
    // The control: the same request signed for the public URL goes through.
    const genuine = await post(`${nginx.publicBaseUrl}/webhook/voice`, { 'X-Forwarded-Host': 'evil.example' });
    expect(genuine.status).toBe(200);
    expect(await genuine.text()).toContain('<Gather');
  });

  it('signs staff in over https with Secure, HttpOnly cookies and shows the call', async () => {
    const s = await signIn(nginx.fetch, nginx.publicBaseUrl, 'chef', 'nginx-staff-password');
    expect(s.status).toBe(303);
    expect(s.formCookies.length).toBeGreaterThan(0);
    for (const c of [...s.formCookies, ...s.sessionCookies]) expect(c).toMatch(/;\s*Secure/i);
    const session = s.sessionCookies.find((c) => c.startsWith('__Host-'));
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);

    const page = await nginx.fetch(`${nginx.publicBaseUrl}/calls`, { headers: { Cookie: s.cookie, 'Accept-Encoding': 'gzip' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-encoding')).toBe('gzip');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('strict-transport-security')).not.toContain(','); // once, from nginx
    const html = gunzipSync(Buffer.from(await page.arrayBuffer())).toString();
    expect(html).toContain('+49 1511 2345678');

    const anonymous = await nginx.fetch(`${nginx.publicBaseUrl}/calls`);
    await anonymous.arrayBuffer();
    expect([302, 303]).toContain(anonymous.status);
    expect(anonymous.headers.get('location')).toContain('/login');
  });

  it('redirects plain HTTP to https, except the ACME challenge', async () => {
    const res = await fetch(`${nginx.httpUrl}/calls?status=problem`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toMatch(/^https:\/\/[^/]+\/calls\?status=problem$/);
    const acme = await fetch(`${nginx.httpUrl}/.well-known/acme-challenge/some-token`, { redirect: 'manual' });
    expect(acme.status).toBe(404);
  });

  it('sends the security headers once each, and answers /health through nginx', async () => {
    const res = await nginx.fetch(`${nginx.publicBaseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('refuses an oversized body before it reaches the edge', async () => {
    const res = await nginx.fetch(`${nginx.publicBaseUrl}/webhook/voice`, { method: 'POST', headers: FORM, body: 'x='.padEnd(2 * 1024 * 1024, 'a') });
    expect(res.status).toBe(413);
  });

  // Last: it spends this address's webhook budget.
  it('refuses a burst beyond the webhook rate limit with 429, after letting a generous burst through', async () => {
    // Few connections, many requests: TLS handshakes would otherwise dominate on a busy machine.
    const burst = httpsFetch(ca, 16);
    const wave = () =>
      Promise.all(
        Array.from({ length: 100 }, () =>
          burst(`${nginx.publicBaseUrl}/webhook/status`, { method: 'POST', headers: FORM, body: form({ CallSid: 'CA' + '0'.repeat(32) }) }).then(async (r) => {
            await r.arrayBuffer();
            return r.status;
          }),
        ),
      );
    // The bucket refills at 50 requests a second, so how many pass depends on how fast this machine
    // sends them: send waves until nginx refuses (the event), however many that takes.
    const statuses: number[] = [];
    while (!statuses.includes(429)) statuses.push(...(await wave()));
    burst.agent.destroy();
    const refused = statuses.filter((s) => s === 429).length;
    const passed = statuses.filter((s) => s === 403).length; // unsigned: the edge itself says 403
    expect(refused + passed).toBe(statuses.length);
    expect(refused).toBeGreaterThan(0);
    // burst=200: allowing for the few webhook requests earlier tests made moments ago.
    expect(passed).toBeGreaterThanOrEqual(190);
    expect(nginx.errorLog()).toContain('limiting requests');
  });
});
