// One docker compose project for a test: the repository's docker-compose.yml (copied unchanged,
// next to the nginx/ files it mounts), a test-only override file and a test .env, under a
// project name of its own so its containers, networks and volumes never meet anyone else's.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, must, ROOT, sh, waitUntil } from './docker-harness.ts';

export interface ComposeProject {
  name: string;
  dir: string;
  /** docker-compose with the base file and the override. */
  dc(args: string[], timeoutMs?: number): ReturnType<typeof sh>;
  container(service: string): Promise<string>;
  /** Waits until every running service of the project reports `healthy`. */
  waitHealthy(services: string[], timeoutMs?: number): Promise<void>;
  writeEnv(env: Record<string, string>): void;
  /** Lets a held PostgreSQL initialisation finish. */
  openGate(): void;
  remove(): Promise<void>;
}

/**
 * The only differences from an operator's setup, all in the override: the test certificate and
 * an empty ACME webroot instead of the host's /etc/letsencrypt and /var/www/certbot; and, for
 * the postgres profile, an init script that holds PostgreSQL's first-start initialisation (the
 * socket-only phase) until the test opens a gate, so "the database is not there yet" happens on
 * every run instead of only when the machine is slow enough.
 */
const OVERRIDE = `# Test-only override (test/deploy/compose-project.ts). Volumes merge by container path, so
# these replace the host mounts.
services:
  nginx:
    volumes:
      - ./test-tls:/etc/letsencrypt:ro
      - ./test-certbot:/var/www/certbot:ro
  postgres:
    volumes:
      - ./test-initdb:/docker-entrypoint-initdb.d:ro
      - ./test-gate:/liza-test-gate:ro
`;

const HOLD = `# Runs on the init server (Unix socket only): wait for the test to open the gate.
echo "liza test: holding initialisation until the gate opens"
while [ ! -e /liza-test-gate/open ]; do sleep 0.1; done
`;

export function createComposeProject(name: string, tls: { cert: string; key: string }): ComposeProject {
  const dir = mkdtempSync(join(tmpdir(), `liza-compose-${name}-`));
  copyFileSync(join(ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
  if (readFileSync(join(dir, 'docker-compose.yml'), 'utf8') !== readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) throw new Error('copy differs');
  cpSync(join(ROOT, 'nginx'), join(dir, 'nginx'), { recursive: true });
  writeFileSync(join(dir, 'docker-compose.test.yml'), OVERRIDE);
  mkdirSync(join(dir, 'test-tls/live/liza'), { recursive: true });
  mkdirSync(join(dir, 'test-certbot'), { recursive: true });
  mkdirSync(join(dir, 'test-initdb'), { recursive: true });
  mkdirSync(join(dir, 'test-gate'), { recursive: true });
  writeFileSync(join(dir, 'test-initdb/00-liza-test-hold.sh'), HOLD);
  copyFileSync(tls.cert, join(dir, 'test-tls/live/liza/fullchain.pem'));
  copyFileSync(tls.key, join(dir, 'test-tls/live/liza/privkey.pem'));
  const dc = (args: string[], timeoutMs = 600_000) =>
    sh('docker-compose', ['-p', name, '-f', 'docker-compose.yml', '-f', 'docker-compose.test.yml', ...args], { cwd: dir, timeoutMs });
  const container = async (service: string) => {
    const r = await dc(['ps', '-q', service]);
    const id = r.stdout.trim().split('\n')[0] ?? '';
    if (!id) throw new Error(`no container for ${service}:\n${r.stderr}`);
    return id;
  };
  return {
    name,
    dir,
    dc,
    container,
    async waitHealthy(services, timeoutMs = 240_000) {
      for (const s of services) {
        await waitUntil(`${s} to be healthy`, async () => {
          const id = await container(s).catch(() => '');
          if (!id) return null;
          const state = await inspect(id, '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}').catch(() => '');
          return state === 'running healthy' ? true : null;
        }, timeoutMs);
      }
    },
    openGate() {
      writeFileSync(join(dir, 'test-gate/open'), '');
    },
    writeEnv(env) {
      writeFileSync(join(dir, '.env'), Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
    },
    async remove() {
      await dc(['down', '-v', '--remove-orphans', '-t', '5']);
      await must('docker', ['volume', 'prune', '-f', '--filter', `label=com.docker.compose.project=${name}`]).catch(() => '');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
