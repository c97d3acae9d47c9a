// Two edges and two workers on one PostgreSQL database behind the shipped nginx site, whose
// upstreams list both edges (and both workers) for round-robin. Only ports, upstreams,
// certificate and the access-log format (to see which edge served what) differ from production.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCert, renderUpstreams, writePrefix } from '../deploy/nginx-harness.ts';
import { httpsFetch } from '../deploy/https-fetch.ts';
import { startProcess, type Started } from '../helpers/processes.ts';
import { freePort, tempDir, TSX_IMPORT } from '../helpers/spawn-edge.ts';

export interface ClusterOptions {
  databaseUrl: string;
  authToken: string;
  accountSid: string;
  openaiBaseUrl: string;
  /** Where recordings are (the fake): the only host that gets Twilio's credentials. */
  twilioApiBaseUrl: string;
  /** Extra environment for every edge and worker (the soak: the Realtime fake, a staff number, a short call cap). */
  env?: Record<string, string>;
}

export type Role = 'edge' | 'worker';

/** One of the four processes, as it runs now (a restart replaces it on the same port). */
export interface Member {
  role: Role;
  port: number;
  pid(): number;
}

export interface Cluster {
  publicBaseUrl: string;
  ca: string;
  edgePorts: number[];
  /** PUBLIC_MEDIA_URL: the wss:// URL through nginx that Twilio streams to. */
  mediaUrl: string;
  members: Member[];
  /** nginx's master process. */
  nginxPid: number;
  /** SIGKILLs one member (kill -9: no shutdown code runs) and starts it again on its port; resolves when it is healthy. */
  killAndRestart(m: Member): Promise<void>;
  /** One line per request nginx proxied: `upstream method uri status body`. */
  accessLog(): string[];
  stop(): Promise<void>;
}

function swapOnce(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`expected "${from}" exactly once`);
  return text.replace(from, to);
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const dir = tempDir('liza-cluster-');
  const { cert, key, ca } = makeCert(dir);
  const ports = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  const [httpPort, httpsPort] = [ports[0]!, ports[1]!];
  const edgePorts = ports.slice(2, 4);
  const workerPorts = ports.slice(4, 6);
  const publicBaseUrl = `https://localhost:${httpsPort}`;
  const mediaUrl = `wss://localhost:${httpsPort}/media`;
  const procs: Started[] = [];
  const node = (entry: string, env: Record<string, string>, readyUrl: string) =>
    startProcess(process.execPath, ['--import', TSX_IMPORT, entry], { env: { LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env }, readyUrl });
  // The menus must match the in-process reference edge the test compares against, whatever the
  // surrounding environment says (an empty value means "not set").
  const common = {
    TWILIO_AUTH_TOKEN: o.authToken, TWILIO_ACCOUNT_SID: o.accountSid, OPENAI_API_KEY: 'sk-cluster', OPENAI_BASE_URL: o.openaiBaseUrl,
    TWILIO_API_BASE_URL: o.twilioApiBaseUrl, STAFF_PHONE_NUMBER: '', PUBLIC_MEDIA_URL: mediaUrl, ...o.env,
  };
  const launch = (role: Role, p: number) =>
    role === 'edge'
      ? node('src/edge/main.node.ts', { ...common, PORT: String(p), DATABASE_URL: `${o.databaseUrl}?max=8`, PUBLIC_BASE_URL: publicBaseUrl, ADMIN_USER: 'chef', ADMIN_PASSWORD: 'cluster-password' }, `http://127.0.0.1:${p}/health`)
      : node('src/worker/main.ts', { ...common, WORKER_PORT: String(p), DATABASE_URL: `${o.databaseUrl}?max=3` }, `http://127.0.0.1:${p}/health`);
  const current = new Map<Member, Started>();
  const members: Member[] = [...edgePorts.map((port) => ({ role: 'edge' as const, port })), ...workerPorts.map((port) => ({ role: 'worker' as const, port }))].map((m) => ({
    ...m,
    pid: () => current.get(member(m.port))!.pid,
  }));
  const member = (port: number) => members.find((m) => m.port === port)!;
  try {
    // All four at once, as a fleet starts: they migrate the fresh database one after the other.
    const started = await Promise.allSettled(members.map(async (m) => current.set(m, await launch(m.role, m.port)).get(m)!));
    for (const s of started) if (s.status === 'fulfilled') procs.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;

    const conf = writePrefix(dir, { httpPort, httpsPort, edgePort: edgePorts[0]!, workerPort: workerPorts[0]!, cert, key });
    let up = renderUpstreams({ edgePort: edgePorts[0]!, workerPort: workerPorts[0]! });
    up = swapOnce(up, `server 127.0.0.1:${edgePorts[0]};`, edgePorts.map((p) => `server 127.0.0.1:${p};`).join('\n    '));
    up = swapOnce(up, `server 127.0.0.1:${workerPorts[0]};`, workerPorts.map((p) => `server 127.0.0.1:${p};`).join('\n    '));
    writeFileSync(join(dir, 'snippets/liza-upstreams.conf'), up);
    const log = join(dir, 'logs/upstreams.log');
    writeFileSync(
      conf,
      swapOnce(readFileSync(conf, 'utf8'), `  access_log ${dir}/logs/access.log;`, `  log_format up '$upstream_addr $request_method $uri $status $request_body';\n  access_log ${log} up;`),
    );
    const nginx = await startProcess('nginx', ['-p', dir, '-c', conf, '-g', 'daemon off;'], { readyUrl: `${publicBaseUrl}/health`, fetch: httpsFetch(ca) });
    procs.push(nginx);
    return {
      publicBaseUrl,
      ca,
      edgePorts,
      mediaUrl,
      members,
      nginxPid: nginx.pid,
      async killAndRestart(m) {
        const old = current.get(m)!;
        await old.kill();
        procs.splice(procs.indexOf(old), 1);
        const next = await launch(m.role, m.port);
        current.set(m, next);
        procs.push(next);
      },
      accessLog: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
      async stop() {
        await Promise.all(procs.map((p) => p.stop()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(procs.map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
