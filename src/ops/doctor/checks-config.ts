// Configuration and the public URLs Twilio must reach.
import type { Env } from '../../config/schema.ts';
import { PUBLIC_BASE_EXAMPLE, PUBLIC_MEDIA_EXAMPLE } from '../operator-env.ts';
import { checkPublicUrl } from '../public-url.ts';
import { fail, pass, type CheckResult } from './check.ts';

export function configCheck(problems: string[] | null): CheckResult {
  const title = 'configuration valid';
  if (!problems) return pass('config', title, 'every variable parses');
  return fail('config', title, problems.join('; '), 'Correct these variables in .env (compose, npm start) or /etc/liza/liza.env (systemd); .env.example explains each.');
}

export function publicUrlChecks(env: Env): CheckResult[] {
  const base = checkPublicUrl('PUBLIC_BASE_URL', env.PUBLIC_BASE_URL, 'https:', PUBLIC_BASE_EXAMPLE);
  const media = checkPublicUrl('PUBLIC_MEDIA_URL', env.PUBLIC_MEDIA_URL, 'wss:', PUBLIC_MEDIA_EXAMPLE);
  const results = [
    base
      ? fail('public-base-url', 'PUBLIC_BASE_URL public and https', `PUBLIC_BASE_URL=${env.PUBLIC_BASE_URL}`, base)
      : pass('public-base-url', 'PUBLIC_BASE_URL public and https', env.PUBLIC_BASE_URL),
    media
      ? fail('public-media-url', 'PUBLIC_MEDIA_URL public and wss', `PUBLIC_MEDIA_URL=${env.PUBLIC_MEDIA_URL}`, media)
      : pass('public-media-url', 'PUBLIC_MEDIA_URL public and wss', env.PUBLIC_MEDIA_URL),
  ];
  // Both behind the same nginx: a media URL on another host usually means a copy-paste slip.
  if (!base && !media && new URL(env.PUBLIC_BASE_URL).host !== new URL(env.PUBLIC_MEDIA_URL).host) {
    results[1] = fail(
      'public-media-url', 'PUBLIC_MEDIA_URL public and wss',
      `PUBLIC_MEDIA_URL=${env.PUBLIC_MEDIA_URL} is on another host than PUBLIC_BASE_URL=${env.PUBLIC_BASE_URL}`,
      `nginx serves both: set PUBLIC_MEDIA_URL=${env.PUBLIC_BASE_URL.replace(/^https:/, 'wss:').replace(/\/+$/, '')}/media.`,
    );
  }
  return results;
}
