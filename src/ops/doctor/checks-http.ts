// The processes answering /health, and nginx in front of the public URL.
import { errorText, fail, pass, skip, type CheckResult } from './check.ts';

const TIMEOUT_MS = 5000;

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: res.status, body: null };
  }
}

/** `/health` of the edge or the worker at `baseUrl` (e.g. http://127.0.0.1:3000). */
export async function healthCheck(which: 'edge' | 'worker', baseUrl: string): Promise<CheckResult> {
  const title = `${which} answering /health`;
  const unit = which === 'edge' ? 'liza-edge' : 'liza-worker';
  const url = `${baseUrl.replace(/\/+$/, '')}/health`;
  try {
    const { status, body } = await getJson(url);
    if (status === 200) return pass(which, title, `${url}: 200`);
    if (status === 503) {
      return fail(which, title, `${url}: 503, the ${which} cannot reach its database`, 'See the database check above, then the process log (journalctl -u ' + unit + ', or docker compose logs ' + which + ').');
    }
    return fail(which, title, `${url}: HTTP ${status}${body ? '' : ' (not Liza?)'}`, `Something else listens there: check ${which === 'edge' ? 'PORT' : 'WORKER_PORT'} and HOST.`);
  } catch (err) {
    return fail(
      which, title, `${url}: ${errorText(err)}`,
      `Start the ${which}: systemctl start ${unit} (systemd), docker compose up -d (compose) or npm start; if it keeps stopping, read why in journalctl -u ${unit} or docker compose logs ${which}. ` +
        `Pass --${which} URL if it listens elsewhere.`,
    );
  }
}

/**
 * With an https PUBLIC_BASE_URL, nginx must be in front: the edge's /health echoes the
 * X-Forwarded-Proto it received, and nginx/liza.conf sends `https`.
 */
export async function nginxCheck(publicBaseUrl: string): Promise<CheckResult> {
  const id = 'nginx';
  const title = 'nginx in front (X-Forwarded-Proto seen)';
  if (!publicBaseUrl.startsWith('https:')) return skip(id, title, 'PUBLIC_BASE_URL is not https (see above)');
  const url = `${publicBaseUrl.replace(/\/+$/, '')}/health`;
  try {
    const { status, body } = await getJson(url);
    const proto = (body?.proxy as { forwardedProto?: unknown } | undefined)?.forwardedProto;
    if (status === 200 && proto === 'https') return pass(id, title, `${url}: 200 through a proxy that sent X-Forwarded-Proto: https`);
    if (status === 200) {
      return fail(id, title, `${url} reaches the edge without X-Forwarded-Proto: https (got ${proto == null ? 'none' : String(proto)})`,
        'Put nginx with nginx/liza.conf in front of the edge (it sets X-Forwarded-Proto $scheme), see deploy/README.md.');
    }
    return fail(id, title, `${url}: HTTP ${status}`, 'nginx answers but not with the edge behind it: check nginx/liza.conf\'s upstreams and that the edge runs.');
  } catch (err) {
    return fail(id, title, `${url}: ${errorText(err)}`,
      'From this machine the public URL does not answer: check the DNS name, that nginx runs (systemctl status nginx, docker compose ps), ports 80/443, and the certificate (deploy/README.md, "TLS certificates").');
  }
}
