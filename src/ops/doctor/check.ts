// One line of the doctor's checklist.

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id (tests, scripts): config, public-base-url, database, edge, … */
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** For a failure: what to do about it. */
  fix?: string;
}

export const pass = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: 'pass', detail });
export const fail = (id: string, title: string, detail: string, fix: string): CheckResult => ({ id, title, status: 'fail', detail, fix });
export const skip = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: 'skip', detail });

/** A message for any thrown value, with its code when the message lacks it. */
export function errorText(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  // fetch() hides the socket error in `cause` ("fetch failed").
  const inner = e?.cause && typeof e.cause.message === 'string' ? e.cause : null;
  const msg = String(inner?.message ?? e?.message ?? err);
  const code = inner?.code ?? e?.code;
  return typeof code === 'string' && !msg.includes(code) ? `${code}: ${msg}` : msg;
}
