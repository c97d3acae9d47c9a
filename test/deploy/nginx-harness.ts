// Runs the shipped nginx site config on loopback for tests. Only the listen ports, the upstreams
// and the certificate are swapped, each by an exact substitution that must match once, so any
// drift in nginx/liza.conf fails loudly instead of testing a different config.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, type Started } from '../helpers/processes.ts';
import { httpsFetch } from './https-fetch.ts';

export const NGINX_DIR = new URL('../../nginx/', import.meta.url).pathname;

function swapOnce(text: string, from: string, to: string): string {
  const n = text.split(from).length - 1;
  if (n !== 1) throw new Error(`expected "${from}" exactly once in the shipped nginx config, found ${n}`);
  return text.replace(from, to);
}

/**
 * A self-signed certificate for localhost/127.0.0.1 and any extra DNS `names` (EC keys: cheap
 * handshakes for burst tests).
 */
export function makeCert(dir: string, names: string[] = []): { cert: string; key: string; ca: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
    '-addext', `subjectAltName=${['localhost', ...names].map((n) => `DNS:${n}`).join(',')},IP:127.0.0.1`,
  ], { stdio: 'ignore' });
  return { cert, key, ca: readFileSync(cert, 'utf8') };
}

export interface SiteOptions {
  httpPort: number;
  httpsPort: number;
  edgePort: number;
  workerPort: number;
  cert: string;
  key: string;
}

/** The shipped site with test ports and certificate. */
export function renderSite(o: SiteOptions): string {
  let site = readFileSync(join(NGINX_DIR, 'liza.conf'), 'utf8');
  site = swapOnce(site, 'listen 80;', `listen 127.0.0.1:${o.httpPort};`);
  site = swapOnce(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${o.httpsPort} ssl http2;`);
  site = swapOnce(site, '/etc/letsencrypt/live/liza/fullchain.pem', o.cert);
  site = swapOnce(site, '/etc/letsencrypt/live/liza/privkey.pem', o.key);
  return site;
}

/** The shipped host upstreams with test ports. */
export function renderUpstreams(o: Pick<SiteOptions, 'edgePort' | 'workerPort'>): string {
  let up = readFileSync(join(NGINX_DIR, 'snippets/liza-upstreams.conf'), 'utf8');
  up = swapOnce(up, 'server 127.0.0.1:3000;', `server 127.0.0.1:${o.edgePort};`);
  up = swapOnce(up, 'server 127.0.0.1:3001;', `server 127.0.0.1:${o.workerPort};`);
  return up;
}

/**
 * Writes a prefix folder: a minimal nginx.conf standing in for the host's (an `http {}` that
 * includes the site), the site, and the snippets (liza-proxy.conf unchanged).
 */
export function writePrefix(dir: string, o: SiteOptions): string {
  // nginx's workers run as nobody when the master is root: they must reach the temp folders.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'snippets'), { recursive: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileSync(join(dir, 'liza.conf'), renderSite(o));
  writeFileSync(join(dir, 'snippets/liza-upstreams.conf'), renderUpstreams(o));
  copyFileSync(join(NGINX_DIR, 'snippets/liza-proxy.conf'), join(dir, 'snippets/liza-proxy.conf'));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    [
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/logs/error.log warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      `  access_log ${dir}/logs/access.log;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/tmp-${t};`),
      '  include liza.conf;',
      '}',
      '',
    ].join('\n'),
  );
  return conf;
}

export interface RunningNginx {
  proc: Started;
  publicBaseUrl: string;
  httpUrl: string;
  fetch: ReturnType<typeof httpsFetch>;
  errorLog(): string;
}

/** Starts nginx in the foreground on the prefix; ready when /health answers through it. */
export async function startNginx(dir: string, o: SiteOptions & { ca: string }): Promise<RunningNginx> {
  const conf = writePrefix(dir, o);
  const publicBaseUrl = `https://localhost:${o.httpsPort}`;
  const f = httpsFetch(o.ca);
  const proc = await startProcess('nginx', ['-p', dir, '-c', conf, '-g', 'daemon off;'], {
    readyUrl: `${publicBaseUrl}/health`,
    fetch: f,
  });
  return {
    proc,
    publicBaseUrl,
    httpUrl: `http://127.0.0.1:${o.httpPort}`,
    fetch: f,
    errorLog: () => {
      try {
        return readFileSync(join(dir, 'logs/error.log'), 'utf8');
      } catch {
        return '';
      }
    },
  };
}
