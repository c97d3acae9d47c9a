// The operator's docker compose path, for real: the repository's unchanged Dockerfile built on
// the local stand-in base images (test/deploy/images/), the unchanged docker-compose.yml with a
// test override (certificate) and a test .env, everything through nginx over TLS on 443, the
// fake OpenAI Realtime engine on the host side of Docker's bridge. Then crashes, restarts,
// down/up, and the same walk on the postgres profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeRealtime, type FakeRealtime } from '../fakes/fake-realtime.ts';
import { IN_CI, reportMissingProgram } from '../helpers/processes.ts';
import { createComposeProject, type ComposeProject } from './compose-project.ts';
import { changeOrderStatus, walkCalls, walkMedia, type WalkTarget } from './compose-walk.ts';
import { bridgeGateway, buildLizaImage, dockerHere, ensureStandIns, inspect, mib, must, waitUntil } from './docker-harness.ts';
import { httpsFetch } from './https-fetch.ts';
import { makeCert } from './nginx-harness.ts';

reportMissingProgram(dockerHere, 'docker', 'the compose test builds and runs the image (apt-get install docker.io docker-compose; start dockerd)');

const TOKEN = 'compose-test-token-0123456789';
const ADMIN = { user: 'chef', password: 'compose-staff-password' };
const BASE = 'https://localhost';
const MEDIA = 'wss://localhost/media';
const APP = ['edge', 'worker', 'nginx'];
const started = Date.now();
const log = (m: string) => console.log(`[compose +${Math.round((Date.now() - started) / 1000)} s] ${m}`);

describe.skipIf(!dockerHere)('docker compose, for real', () => {
  let dir: string;
  let tls: { cert: string; key: string; ca: string };
  let engine: FakeRealtime;
  let target: WalkTarget;
  let project: ComposeProject | undefined;
  const f = () => target.fetch;

  const envFor = (extra: Record<string, string> = {}) => ({
    PUBLIC_BASE_URL: BASE,
    PUBLIC_MEDIA_URL: MEDIA,
    TWILIO_AUTH_TOKEN: TOKEN,
    ADMIN_USER: ADMIN.user,
    ADMIN_PASSWORD: ADMIN.password,
    OPENAI_API_KEY: 'sk-compose-test',
    OPENAI_REALTIME_URL: engine.url,
    LOG_LEVEL: 'info',
    ...extra,
  });

  /** What is stored, from the database itself: every call SID, every order with its status. */
  async function stored(p: ComposeProject, pg: boolean): Promise<{ calls: string[]; orders: string[] }> {
    const q = { calls: 'select call_sid from calls order by call_sid', orders: "select number || ':' || status from orders order by number" };
    if (pg) {
      const pgc = await p.container('postgres');
      const rows = async (sql: string) => (await must('docker', ['exec', pgc, 'psql', '-U', 'liza', '-d', 'liza', '-tAc', sql])).trim().split('\n').filter(Boolean);
      return { calls: await rows(q.calls), orders: await rows(q.orders) };
    }
    const edge = await p.container('edge');
    const script = `const db = require('better-sqlite3')('/app/data/liza.db', { readonly: true });
      console.log(JSON.stringify({ calls: db.prepare(${JSON.stringify(q.calls)}).pluck().all(), orders: db.prepare(${JSON.stringify(q.orders)}).pluck().all() }));`;
    return JSON.parse(await must('docker', ['exec', '-w', '/app', edge, 'node', '-e', script])) as { calls: string[]; orders: string[] };
  }

  async function up(p: ComposeProject, args: string[] = []) {
    const t0 = Date.now();
    const r = await p.dc([...args, 'up', '-d']);
    expect(r.code, `docker-compose up -d failed:\n${r.stdout}\n${r.stderr}\n${(await p.dc(['logs', '--no-color', '--tail', '40'])).stdout}`).toBe(0);
    await p.waitHealthy(APP);
    log(`up -d and healthy in ${Math.round((Date.now() - t0) / 1000)} s`);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liza-compose-test-'));
    tls = makeCert(dir);
    if (!process.env.LIZA_KEEP_IMAGE) await ensureStandIns('all');
    log('stand-in base images ready');
    const image = process.env.LIZA_KEEP_IMAGE ? { seconds: 0, bytes: 0 } : await buildLizaImage();
    log(`image liza:latest built in ${image.seconds} s, ${mib(image.bytes)} (of which the stand-in node:20-bookworm-slim ${mib(Number(await inspect('node:20-bookworm-slim', '{{.Size}}')))})`);
    engine = await startFakeRealtime({ host: await bridgeGateway() });
    target = { base: BASE, mediaUrl: MEDIA, token: TOKEN, fetch: httpsFetch(tls.ca), engine, caFile: tls.cert, admin: ADMIN };
  }, 40 * 60_000);

  afterAll(async () => {
    target?.fetch && (target.fetch as ReturnType<typeof httpsFetch>).agent.destroy();
    if (project && IN_CI) {
      // What a failure left behind, for the CI log.
      console.log((await project.dc(['logs', '--no-color', '--tail', '30'])).stdout);
    }
    await project?.remove();
    await engine?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  describe('on SQLite (the default)', () => {
    let calls: string[] = [];

    it('comes up healthy: edge, worker and nginx, with the healthchecks as written', async () => {
      project = createComposeProject(`lizaci${randomBytes(3).toString('hex')}`, tls);
      project.writeEnv(envFor());
      await up(project);
      const health = await f()(`${BASE}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', proxy: { forwardedProto: 'https' } });
    }, 10 * 60_000);

    it('runs both processes as the unprivileged user liza', async () => {
      for (const s of ['edge', 'worker']) {
        const c = await project!.container(s);
        const status = await must('docker', ['exec', c, 'cat', '/proc/1/status']);
        const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
        expect(uid, s).toBeDefined();
        expect(uid).not.toBe('0');
        expect((await must('docker', ['exec', c, 'id', '-un'])).trim()).toBe('liza');
      }
    });

    it('walks a German and an English call, an AI leg over /media, and a staff order change through nginx over TLS', async () => {
      calls = await walkCalls(target);
      calls.push(await walkMedia(target));
      await changeOrderStatus(target, '4711', 'shipped');
      const now = await stored(project!, false);
      expect(now.calls).toEqual([...calls].sort());
      expect(now.orders).toEqual(['4711:shipped', '4712:received']);
    }, 5 * 60_000);

    it('`docker-compose restart worker` brings the worker back, and AI calls work again', async () => {
      const r = await project!.dc(['restart', 'worker']);
      expect(r.code, r.stderr).toBe(0);
      await project!.waitHealthy(['worker']);
      const logs = (await project!.dc(['logs', '--no-color', 'worker'])).stdout;
      expect(logs).toContain('worker stopped'); // it drained on SIGTERM
      calls.push(await walkMedia(target));
    }, 5 * 60_000);

    it('kill -9 of the edge\'s node process: restart: unless-stopped brings it back, nothing stored is lost', async () => {
      const edge = await project!.container('edge');
      const before = Number(await inspect(edge, '{{.RestartCount}}'));
      const pid = Number(await inspect(edge, '{{.State.Pid}}'));
      expect((await must('ps', ['-o', 'comm=', '-p', String(pid)])).trim()).toBe('node');
      process.kill(pid, 'SIGKILL');
      await waitUntil('the edge to be restarted', async () => (Number(await inspect(edge, '{{.RestartCount}}')) > before ? true : null));
      await project!.waitHealthy(['edge']);
      const now = await stored(project!, false);
      expect(now.calls).toEqual([...calls].sort());
      expect(now.orders).toEqual(['4711:shipped', '4712:received']);
      calls.push(...(await walkCalls(target, ['4801', '4802'])));
    }, 5 * 60_000);

    it('`down` then `up` keeps every call and order on the volume', async () => {
      const before = await stored(project!, false);
      const down = await project!.dc(['down']);
      expect(down.code, down.stderr).toBe(0);
      await up(project!);
      expect(before.calls).toEqual([...calls].sort());
      expect(before.orders).toEqual(['4711:shipped', '4712:received', '4801:received', '4802:received']);
      expect(await stored(project!, false)).toEqual(before);
    }, 10 * 60_000);

    it('tears down', async () => {
      await project!.remove();
      project = undefined;
    }, 5 * 60_000);
  });

  describe('on PostgreSQL (--profile postgres)', () => {
    it('comes up on the first `up -d` while PostgreSQL initialises its volume, and runs the same walk', async () => {
      project = createComposeProject(`lizacipg${randomBytes(3).toString('hex')}`, tls);
      const password = randomBytes(12).toString('hex');
      project.writeEnv(envFor({ POSTGRES_PASSWORD: password, DATABASE_URL: `postgres://liza:${password}@postgres:5432/liza` }));
      const p = project;
      // Settled, not left rejecting: a failed `up` is reported below, after the gate opens.
      const upping = up(p, ['--profile', 'postgres']).then(() => null, (err: unknown) => err);
      // PostgreSQL holds in its socket-only init phase until both processes have tried (and
      // waited) or one of them has crashed and been restarted (the defect this guards against).
      const restarts = async (s: string) => {
        const id = (await p.dc(['ps', '-q', s])).stdout.trim();
        return id ? Number(await inspect(id, '{{.RestartCount}}').catch(() => '0')) : 0;
      };
      await waitUntil('edge and worker to try the initialising database', async () => {
        const logs = (await p.dc(['logs', '--no-color', 'edge', 'worker'])).stdout;
        const tried = ['edge', 'worker'].every((s) => new RegExp(`${s}_1\\s+\\|.*database not reachable yet`).test(logs));
        return tried || (await restarts('edge')) + (await restarts('worker')) > 0 ? true : null;
      });
      p.openGate();
      const failedUp = await upping;
      if (failedUp) throw failedUp;
      await p.waitHealthy(['postgres']);
      // Neither process crashed on a database still initialising (compose v1 would hide that
      // behind restart: unless-stopped): each waited, then started once.
      for (const s of ['edge', 'worker']) {
        const c = await project.container(s);
        expect(await inspect(c, '{{.RestartCount}}'), `${s} restarted:\n${(await project.dc(['logs', '--no-color', '--tail', '20', s])).stdout}`).toBe('0');
      }
      const waited = (await project.dc(['logs', '--no-color', 'edge', 'worker'])).stdout.match(/database not reachable yet/g)?.length ?? 0;
      log(`edge and worker logged "database not reachable yet" ${waited} times while PostgreSQL initialised`);
      const calls = await walkCalls(target);
      calls.push(await walkMedia(target));
      await changeOrderStatus(target, '4712', 'processing');
      const now = await stored(project, true);
      expect(now.calls).toEqual([...calls].sort());
      expect(now.orders).toEqual(['4711:received', '4712:processing']);
      // The password never reaches a log line.
      const logs = (await project.dc(['logs', '--no-color', 'edge', 'worker'])).stdout;
      expect(logs).not.toContain(password);

      const down = await project.dc(['--profile', 'postgres', 'down']);
      expect(down.code, down.stderr).toBe(0);
      await up(project, ['--profile', 'postgres']);
      expect(await stored(project, true)).toEqual(now);
    }, 15 * 60_000);
  });
});
