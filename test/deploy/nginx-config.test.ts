// `nginx -t` on the site as an operator installs it: into Debian's stock /etc/nginx (with its
// default site and http-level settings such as gzip), certificate swapped for a self-signed one.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasProgram, reportMissingProgram, run } from '../helpers/processes.ts';
import { makeCert, NGINX_DIR } from './nginx-harness.ts';

const nginxHere = hasProgram('nginx', ['-v']) && existsSync('/etc/nginx/nginx.conf');
reportMissingProgram(nginxHere, 'nginx', 'nginx -t needs Debian nginx with /etc/nginx (apt-get install nginx)');

describe.skipIf(!nginxHere)('nginx -t on the shipped site config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liza-nginx-t-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes inside Debian stock nginx.conf, next to the default site', () => {
    const etc = join(dir, 'etc-nginx');
    cpSync('/etc/nginx', etc, { recursive: true, dereference: true });
    const main = join(etc, 'nginx.conf');
    writeFileSync(main, readFileSync(main, 'utf8').replaceAll('/etc/nginx/', `${etc}/`));
    const { cert, key } = makeCert(dir);
    const site = readFileSync(join(NGINX_DIR, 'liza.conf'), 'utf8')
      .replace('/etc/letsencrypt/live/liza/fullchain.pem', cert)
      .replace('/etc/letsencrypt/live/liza/privkey.pem', key);
    writeFileSync(join(etc, 'sites-enabled/liza.conf'), site);
    cpSync(join(NGINX_DIR, 'snippets'), join(etc, 'snippets'), { recursive: true });
    const r = run('nginx', ['-t', '-p', etc, '-c', main]);
    expect(r.stderr).toContain('test is successful');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/\[(warn|emerg)\]/);
  });
});
