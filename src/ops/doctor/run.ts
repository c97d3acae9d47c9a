// `npm run doctor`: every check, printed as a checklist with a fix under each failure.
import type { Env } from '../../config/schema.ts';
import { parseOperatorEnv } from '../operator-env.ts';
import { skip, type CheckResult } from './check.ts';
import { configCheck, publicUrlChecks } from './checks-config.ts';
import { databaseCheck } from './checks-database.ts';
import { healthCheck, nginxCheck } from './checks-http.ts';
import { openAiCheck, twilioChecks } from './checks-remote.ts';

export interface DoctorOptions {
  /** Where the edge and the worker answer; default from HOST, PORT and WORKER_PORT. */
  edgeUrl?: string;
  workerUrl?: string;
}

const local = (host: string) => (host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);

export async function runChecks(raw: Record<string, string | undefined>, o: DoctorOptions = {}): Promise<CheckResult[]> {
  const parsed = parseOperatorEnv(raw);
  if (!parsed.ok) {
    return [configCheck(parsed.problems), ...['the public URLs', 'the database', 'the processes', 'Twilio', 'OpenAI', 'nginx'].map((w) => skip('skipped', w, 'needs a valid configuration'))];
  }
  const env: Env = parsed.env;
  const edgeUrl = o.edgeUrl ?? `http://${local(env.HOST)}:${env.PORT}`;
  const workerUrl = o.workerUrl ?? `http://${local(env.HOST)}:${env.WORKER_PORT}`;
  // Independent of each other: run at once, print in a fixed order.
  const [database, edge, worker, twilio, openai, nginx] = await Promise.all([
    databaseCheck(env.DATABASE_URL),
    healthCheck('edge', edgeUrl),
    healthCheck('worker', workerUrl),
    twilioChecks(env),
    openAiCheck(env),
    nginxCheck(env.PUBLIC_BASE_URL),
  ]);
  return [configCheck(null), ...publicUrlChecks(env), database, edge, worker, ...twilio, openai, nginx];
}

const MARK = { pass: '[ ok ]', fail: '[FAIL]', skip: '[skip]' } as const;

export function formatChecklist(results: CheckResult[]): string {
  const lines = ['Liza doctor'];
  for (const r of results) {
    lines.push(`${MARK[r.status]} ${r.title}: ${r.detail.split('\n').join('\n         ')}`);
    if (r.status === 'fail' && r.fix) lines.push(`       fix: ${r.fix}`);
  }
  const n = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  lines.push(n('fail') === 0 ? `All checks passed (${n('pass')} passed, ${n('skip')} skipped).` : `${n('fail')} of ${results.length} checks failed: fix them from the top, then run npm run doctor again.`);
  return lines.join('\n');
}

/** 0 only when nothing failed (a skipped check is not a failure). */
export const exitCodeFor = (results: CheckResult[]) => (results.some((r) => r.status === 'fail') ? 1 : 0);
