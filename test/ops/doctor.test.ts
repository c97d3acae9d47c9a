// `npm run doctor` against a real edge, worker and nginx, the fake Twilio REST API and the fake
// OpenAI HTTP API: all green first, then one test per failure it can name, each with its fix.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desiredSettings } from '../../src/ops/twilio-number.ts';
import { startFakeOpenAiHttp, type FakeOpenAiHttp } from '../fakes/fake-openai-http.ts';
import { startFakeTwilioRest, type FakeTwilioRest } from '../fakes/fake-twilio-rest.ts';
import { freePort, hasProgram, reportMissingProgram, startProcess, type Started } from '../helpers/processes.ts';
import { TSX_IMPORT } from '../helpers/spawn-edge.ts';
import { makeCert, startNginx, type RunningNginx } from '../deploy/nginx-harness.ts';
import { runCommand } from './run-command.ts';

const nginxHere = hasProgram('nginx', ['-v']);
reportMissingProgram(nginxHere, 'nginx', 'the doctor test puts the shipped nginx site in front (apt-get install nginx)');

const HOST = 'call.liza-test.example';
const NUMBER = '+4930123456789';
const KEY = 'sk-doctor-test-key';
const RESOLVE = new URL('./resolve-test-host.ts', import.meta.url).href;

interface Check { id: string; title: string; status: 'pass' | 'fail' | 'skip'; detail: string; fix?: string }

describe.skipIf(!nginxHere)('npm run doctor', () => {
  let dir: string;
  let cert: string;
  let twilio: FakeTwilioRest;
  let openai: FakeOpenAiHttp;
  let edge: Started;
  let worker: Started;
  let nginx: RunningNginx;
  let env: Record<string, string>;
  let base: string;

  const doctor = async (overrides: Record<string, string> = {}, args: string[] = ['--json']) => {
    const r = await runCommand('scripts/doctor.ts', args, { ...env, NODE_EXTRA_CA_CERTS: cert, ...overrides }, { extraNodeArgs: ['--import', RESOLVE] });
    if (!args.includes('--json')) return { ...r, checks: [] as Check[], byId: new Map<string, Check>() };
    let checks: Check[];
    try {
      checks = JSON.parse(r.stdout) as Check[];
    } catch {
      throw new Error(`doctor printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
    return { ...r, checks, byId: new Map(checks.map((c) => [c.id, c])) };
  };
  /** Exactly these checks failed. */
  const failed = (checks: Check[]) => checks.filter((c) => c.status === 'fail').map((c) => c.id);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liza-doctor-'));
    const made = makeCert(dir, [HOST]);
    cert = made.cert;
    [twilio, openai] = await Promise.all([startFakeTwilioRest(), startFakeOpenAiHttp()]);
    openai.apiKey = KEY;
    const [edgePort, workerPort, httpPort, httpsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    base = `https://${HOST}:${httpsPort}`;
    const n = twilio.addNumber(NUMBER);
    const want = desiredSettings(base);
    Object.assign(n, { voice_url: want.voiceUrl, voice_fallback_url: want.voiceFallbackUrl, status_callback: want.statusCallback });
    env = {
      HOST: '127.0.0.1',
      PORT: String(edgePort),
      WORKER_PORT: String(workerPort),
      DATABASE_URL: join(dir, 'liza.db'),
      PUBLIC_BASE_URL: base,
      PUBLIC_MEDIA_URL: `wss://${HOST}:${httpsPort}/media`,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_API_BASE_URL: twilio.baseUrl,
      TWILIO_PHONE_NUMBER: NUMBER,
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: openai.baseUrl,
      LOG_LEVEL: 'warn',
    };
    edge = await startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/edge/main.node.ts'], { env, readyUrl: `http://127.0.0.1:${edgePort}/health` });
    worker = await startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/worker/main.ts'], { env, readyUrl: `http://127.0.0.1:${workerPort}/health` });
    nginx = await startNginx(dir, { httpPort, httpsPort, edgePort, workerPort, cert: made.cert, key: made.key, ca: made.ca });
  }, 90_000);

  afterAll(async () => {
    nginx?.fetch.agent.destroy();
    await nginx?.proc.stop();
    await Promise.all([worker?.stop(), edge?.stop()]);
    await Promise.all([twilio?.close(), openai?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes every check on a healthy deployment and exits 0, printing a checklist', async () => {
    const r = await doctor({}, []);
    expect(r.stdout).toContain('All checks passed');
    expect(r.stdout).not.toContain('[FAIL]');
    for (const line of ['configuration valid', 'PUBLIC_BASE_URL public and https', 'database reachable and migrated', 'edge answering /health', 'worker answering /health', 'Twilio credentials accepted', "Twilio number's webhooks match", 'OpenAI key accepted', 'nginx in front']) {
      expect(r.stdout).toContain(`[ ok ] ${line}`);
    }
    expect(r.code).toBe(0);
  });

  it('skips the OpenAI check (and still passes) when no key is set', async () => {
    const r = await doctor({ OPENAI_API_KEY: '' });
    expect(r.byId.get('openai')).toMatchObject({ status: 'skip', detail: expect.stringContaining('AI assistant and transcription are off') });
    expect(failed(r.checks)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('names every invalid variable and exits 1', async () => {
    const r = await doctor({ PORT: 'eighty', TWILIO_ACCOUNT_SID: 'nope' });
    expect(r.byId.get('config')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/PORT.*TWILIO_ACCOUNT_SID/) });
    expect(r.byId.get('config')!.fix).toContain('.env.example');
    expect(r.code).toBe(1);
  });

  it('fails a PUBLIC_BASE_URL that is not https, and the nginx check is skipped', async () => {
    const r = await doctor({ PUBLIC_BASE_URL: `http://${HOST}` });
    expect(r.byId.get('public-base-url')).toMatchObject({ status: 'fail', fix: expect.stringContaining('Twilio needs https://') });
    expect(r.byId.get('nginx')!.status).toBe('skip');
    expect(r.code).toBe(1);
  });

  it('fails a PUBLIC_BASE_URL on localhost', async () => {
    const r = await doctor({ PUBLIC_BASE_URL: 'https://localhost' });
    expect(r.byId.get('public-base-url')).toMatchObject({ status: 'fail', fix: expect.stringContaining('localhost is a name only this machine') });
  });

  it('fails a ws:// PUBLIC_MEDIA_URL, and one on another host than PUBLIC_BASE_URL', async () => {
    // ws:// off loopback is a configuration error itself now (issue 13), named by the config check.
    const ws = await doctor({ PUBLIC_MEDIA_URL: `ws://${HOST}/media` });
    expect(failed(ws.checks)).toEqual(['config']);
    expect(JSON.stringify(ws.byId.get('config'))).toContain('PUBLIC_MEDIA_URL: must start with wss:// (Twilio streams only to wss)');
    const other = await doctor({ PUBLIC_MEDIA_URL: 'wss://media.other-test.example/media' });
    expect(failed(other.checks)).toEqual(['public-media-url']);
    expect(other.byId.get('public-media-url')!.fix).toContain(`set PUBLIC_MEDIA_URL=${base.replace('https:', 'wss:')}/media`);
  });

  it('fails a SQLite file that does not exist, saying to start the edge once', async () => {
    const r = await doctor({ DATABASE_URL: join(dir, 'missing.db') });
    expect(r.byId.get('database')).toMatchObject({ status: 'fail', fix: expect.stringContaining('Start the edge once') });
  });

  it('fails a database with a migration not applied, naming it', async () => {
    const stale = join(dir, 'stale.db');
    const live = new Database(env.DATABASE_URL!, { readonly: true });
    await live.backup(stale);
    live.close();
    const db = new Database(stale);
    const last = db.prepare('select max(created_at) as t from __drizzle_migrations').get() as { t: number };
    db.prepare('delete from __drizzle_migrations where created_at = ?').run(last.t);
    db.close();
    const r = await doctor({ DATABASE_URL: stale });
    expect(failed(r.checks)).toEqual(['database']);
    expect(r.byId.get('database')!.detail).toMatch(/1 of \d+ migrations not applied \(\d{4}_\w+\)/);
    expect(r.byId.get('database')!.fix).toContain('they apply migrations at start');
  });

  it('fails a PostgreSQL server that does not answer', async () => {
    const port = await freePort();
    const r = await doctor({ DATABASE_URL: `postgres://liza:secret@127.0.0.1:${port}/liza` });
    expect(r.byId.get('database')).toMatchObject({ status: 'fail', detail: expect.stringContaining('ECONNREFUSED') });
    expect(r.byId.get('database')!.detail).not.toContain('secret');
    expect(r.byId.get('database')!.fix).toContain('PostgreSQL runs and accepts TCP connections');
  });

  it('fails an edge that does not answer, and a worker that does not, each with how to start it', async () => {
    const port = await freePort();
    const r = await doctor({ PORT: String(port), WORKER_PORT: String(await freePort()) });
    expect(failed(r.checks)).toEqual(['edge', 'worker']);
    expect(r.byId.get('edge')!.fix).toContain('systemctl start liza-edge');
    expect(r.byId.get('worker')!.fix).toContain('systemctl start liza-worker');
  });

  it('fails Twilio credentials that Twilio rejects', async () => {
    const r = await doctor({ TWILIO_AUTH_TOKEN: 'a-rotated-old-token' });
    expect(r.byId.get('twilio-credentials')).toMatchObject({ status: 'fail', detail: expect.stringContaining('HTTP 401 (error 20003)') });
    expect(r.byId.get('twilio-credentials')!.fix).toContain('copy both again');
    expect(r.byId.get('twilio-number')!.status).toBe('skip');
  });

  it('fails missing Twilio credentials', async () => {
    const r = await doctor({ TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' });
    expect(r.byId.get('twilio-credentials')).toMatchObject({ status: 'fail', detail: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN not set' });
  });

  it('fails a number whose webhooks point elsewhere, listing old → new and naming twilio:setup', async () => {
    const r = await doctor({ PUBLIC_BASE_URL: `https://${HOST}:1`, PUBLIC_MEDIA_URL: `wss://${HOST}:1/media` });
    const n = r.byId.get('twilio-number')!;
    expect(n.status).toBe('fail');
    expect(n.detail).toContain(`${base}/webhook/voice → https://${HOST}:1/webhook/voice`);
    expect(n.fix).toContain('npm run twilio:setup');
  });

  it('fails a TWILIO_PHONE_NUMBER the account does not have, and a missing one', async () => {
    const other = await doctor({ TWILIO_PHONE_NUMBER: '+4930999999999' });
    expect(failed(other.checks)).toEqual(['twilio-number']);
    expect(other.byId.get('twilio-number')!.detail).toContain('is not a number of account');
    const none = await doctor({ TWILIO_PHONE_NUMBER: '' });
    expect(none.byId.get('twilio-number')).toMatchObject({ status: 'fail', detail: 'TWILIO_PHONE_NUMBER not set' });
  });

  it('fails an OpenAI key that OpenAI rejects, and a realtime model the key cannot use', async () => {
    const bad = await doctor({ OPENAI_API_KEY: 'sk-revoked' });
    expect(failed(bad.checks)).toEqual(['openai']);
    expect(bad.byId.get('openai')!.fix).toContain('set OPENAI_API_KEY');
    const model = await doctor({ OPENAI_REALTIME_MODEL: 'gpt-realtime-nonexistent' });
    expect(model.byId.get('openai')).toMatchObject({ status: 'fail', fix: expect.stringContaining('OPENAI_REALTIME_MODEL') });
  });

  it('fails when nothing answers at PUBLIC_BASE_URL', async () => {
    const port = await freePort();
    const r = await doctor({ PUBLIC_BASE_URL: `https://${HOST}:${port}`, PUBLIC_MEDIA_URL: `wss://${HOST}:${port}/media` });
    expect(r.byId.get('nginx')).toMatchObject({ status: 'fail', detail: expect.stringContaining('ECONNREFUSED') });
    expect(r.byId.get('nginx')!.fix).toContain('that nginx runs');
  });

  it('fails when a proxy without X-Forwarded-Proto is in front instead of nginx', async () => {
    // A bare TLS proxy (no forwarding headers) in front of the same edge.
    const { readFileSync } = await import('node:fs');
    const proxy: Server = createHttpsServer({ cert: readFileSync(cert), key: readFileSync(join(dir, 'key.pem')) }, (req, res) => {
      void fetch(`http://127.0.0.1:${env.PORT}${req.url}`).then(async (up) => res.writeHead(up.status, { 'Content-Type': 'application/json' }).end(await up.text()));
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    try {
      const r = await doctor({ PUBLIC_BASE_URL: `https://${HOST}:${port}`, PUBLIC_MEDIA_URL: `wss://${HOST}:${port}/media` });
      expect(r.byId.get('nginx')).toMatchObject({ status: 'fail', detail: expect.stringContaining('without X-Forwarded-Proto: https') });
      expect(r.byId.get('nginx')!.fix).toContain('nginx/liza.conf');
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it('nginx answers the number\'s fallback URL itself with the apology TwiML', async () => {
    const res = await nginx.fetch(`${nginx.publicBaseUrl}/webhook/fallback`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'ErrorCode=11200' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml[^>]*\?><Response><Say language="de-DE"[^>]*>Es tut mir leid[^<]*<\/Say><Say language="en-US"[^>]*>I am sorry[^<]*<\/Say><Hangup\/><\/Response>$/);
  });
});
