// docker compose and the .env template, statically: `docker-compose config` validates and
// resolves the file as an operator's machine would (Debian's v1 client, which also rejects
// v2-only keys such as a top-level `name:`). compose.test.ts runs the same file for real.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/schema.ts';
import { hasProgram, reportMissingProgram, run } from '../helpers/processes.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const compose = hasProgram('docker-compose', ['version']);
reportMissingProgram(compose, 'docker-compose', 'validating docker-compose.yml needs it (apt-get install docker-compose)');

describe('.env.example', () => {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  const lines = text.split('\n');

  it('lists every configuration variable, each with a comment above it', () => {
    for (const name of Object.keys(envSchema.shape)) {
      const i = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect(i, `${name} missing from .env.example`).toBeGreaterThan(0);
      // The comment may sit above a small group of related variables.
      const above = lines.slice(Math.max(0, i - 3), i);
      expect(above.some((l) => l.startsWith('# ')), `${name} has no comment`).toBe(true);
    }
  });

  it('sets no values, so copying it changes nothing until the operator fills it in', () => {
    const assignments = lines.filter((l) => /^[A-Z_]+=/.test(l));
    expect(assignments.filter((l) => !l.endsWith('='))).toEqual([]);
  });
});

describe.skipIf(!compose)('docker-compose.yml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liza-compose-'));
  copyFileSync(join(ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
  copyFileSync(join(ROOT, '.env.example'), join(dir, '.env'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dc = (args: string[], env: Record<string, string> = {}) => run('docker-compose', ['-f', 'docker-compose.yml', ...args], { cwd: dir, env });

  it('passes `docker-compose config -q` with a .env made from .env.example, silently', () => {
    const r = dc(['config', '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('publishes ports only on nginx and keeps the worker on the internal network', () => {
    const r = dc(['config']);
    expect(r.code, r.stderr).toBe(0);
    const services = r.stdout.split(/\n {2}(?=[a-z]+:\n)/);
    const block = (name: string) => services.find((s) => s.startsWith(`${name}:`)) ?? '';
    expect(block('nginx')).toMatch(/published: 443|443:443/);
    for (const name of ['edge', 'worker', 'postgres']) expect(block(name)).not.toMatch(/\n {4}ports:/);
    expect(block('worker')).toMatch(/networks:\n {6}internal: null\n {4}[a-z]/);
    for (const name of ['edge', 'worker', 'nginx']) {
      expect(block(name)).toContain('restart: unless-stopped');
      expect(block(name)).toContain('healthcheck:');
    }
    expect(block('edge')).toContain('http://127.0.0.1:3000/health');
    expect(block('worker')).toContain('http://127.0.0.1:3001/health');
  });

  it('points DATABASE_URL at PostgreSQL when the postgres profile is used', () => {
    const url = 'postgres://liza:secret@postgres:5432/liza';
    const r = dc(['config'], { COMPOSE_PROFILES: 'postgres', DATABASE_URL: url, POSTGRES_PASSWORD: 'secret' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split(`DATABASE_URL: ${url}`).length - 1).toBe(2); // edge and worker
    expect(r.stdout).toContain('image: postgres:16');
    expect(dc(['config']).stdout).toContain('DATABASE_URL: /app/data/liza.db');
  });

  it('mounts only files that exist in the repository', () => {
    const yml = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    const mounts = [...yml.matchAll(/^\s+- (\.\/[^:]+):/gm)].map((m) => m[1]!);
    expect(mounts.length).toBeGreaterThan(0);
    for (const m of mounts) expect(existsSync(join(ROOT, m)), m).toBe(true);
  });
});

describe('the image and the compose nginx layout (static)', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));

  it('builds in one stage with compilers and runs in a slim one as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/apt-get install[^\n]*python3 make g\+\+/);
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/^node:20-[a-z]+-slim/);
    expect(runtime).not.toMatch(/g\+\+|build-essential/);
    const user = /^USER (\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('copies only paths that exist and that .dockerignore lets through', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' ').filter((w) => !w.startsWith('--')));
    expect(sources).toContain('package-lock.json');
    for (const src of sources) {
      expect(existsSync(join(ROOT, src)), src).toBe(true);
      expect(ignored, `${src} is excluded by .dockerignore`).not.toContain(src);
    }
  });

  it('mounts every snippet the site includes, and both upstream files define the same upstreams', () => {
    const site = readFileSync(join(ROOT, 'nginx/liza.conf'), 'utf8');
    const yml = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    const includes = [...site.matchAll(/^\s*include (snippets\/\S+);/gm)].map((m) => m[1]!);
    expect(includes.length).toBeGreaterThan(0);
    for (const inc of includes) expect(yml).toContain(`:/etc/nginx/${inc}:ro`);
    const names = (file: string) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^upstream (\S+) \{/gm)].map((m) => m[1]).sort();
    expect(names('nginx/compose/liza-upstreams.conf')).toEqual(names('nginx/snippets/liza-upstreams.conf'));
    expect(names('nginx/snippets/liza-upstreams.conf')).toEqual(['liza_edge', 'liza_worker']);
  });
});
