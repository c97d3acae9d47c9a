// /privacy (issue 15 point 4): a caller's data by phone number: find, export as JSON, erase.
// Admins only; every export and erasure is audited (who, when, masked number, counts).
import { Hono, type Context } from 'hono';
import { ErrorPage } from '../../../views/error.tsx';
import { PrivacyPage, type PrivacyProps } from '../../../views/privacy.tsx';
import { createRecordingDeleter } from '../../../privacy/twilio-recordings.ts';
import { eraseSubject, exportDocument, findSubject, parseSubjectNumber, subjectCounts } from '../../../privacy/subject.ts';
import { describeTwilioError } from '../../../twilio-rest/errors.ts';
import { requireAdmin, type StaffEnv } from '../../middleware/session.ts';
import type { AppDeps } from '../../types.ts';
import { html, uiOf } from './render.ts';

const HISTORY = 50;

export function privacyRoutes(deps: AppDeps) {
  const { store, logger, config } = deps;
  const now = deps.clock ?? (() => new Date());
  const deleteRecording = createRecordingDeleter(config.twilio);
  const app = new Hono<StaffEnv>();
  app.use('/privacy', requireAdmin((c) => html(c, <ErrorPage ui={uiOf(c)} status={403} reason="admin_only" />, 403)));
  app.use('/privacy/*', requireAdmin((c) => html(c, <ErrorPage ui={uiOf(c)} status={403} reason="admin_only" />, 403)));
  const me = (c: Context<StaffEnv>) => c.get('session')!.username;
  const field = (body: Record<string, unknown>, k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');

  async function page(c: Context<StaffEnv>, props: Omit<PrivacyProps, 'ui' | 'audit'>, status: 200 | 400 = 200) {
    const audit = await store.listRecentAudit(['privacy'], HISTORY);
    return html(c, <PrivacyPage ui={uiOf(c)} audit={audit} {...props} />, status);
  }

  async function lookup(c: Context<StaffEnv>, input: string) {
    if (!input.trim()) return page(c, { input, subject: null });
    const number = parseSubjectNumber(input);
    if (!number) return page(c, { input, subject: null, error: 'number_invalid' }, 400);
    return page(c, { input, subject: await findSubject(store, number) });
  }

  app.get('/privacy', (c) => lookup(c, c.req.query('number') ?? ''));
  app.post('/privacy', async (c) => lookup(c, field(await c.req.parseBody(), 'number')));

  app.post('/privacy/export', async (c) => {
    const input = field(await c.req.parseBody(), 'number');
    const number = parseSubjectNumber(input);
    if (!number) return page(c, { input, subject: null, error: 'number_invalid' }, 400);
    const subject = await findSubject(store, number);
    const at = now();
    const counts = subjectCounts(subject);
    await store.auditPrivacy({ actor: me(c), field: 'export', masked: number.masked, counts, at });
    logger.info({ by: me(c), number: number.masked, ...counts }, 'privacy export');
    const name = `liza-export-${at.toISOString().slice(0, 10)}.json`;
    return c.body(JSON.stringify(exportDocument(subject, config.publicBaseUrl, at), null, 2), 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
  });

  app.post('/privacy/erase', async (c) => {
    const body = await c.req.parseBody();
    const input = field(body, 'number');
    const number = parseSubjectNumber(input);
    if (!number) return page(c, { input, subject: null, error: 'number_invalid' }, 400);
    // The confirmation is the number typed once more (any format): a slip of the mouse erases nothing.
    if (parseSubjectNumber(field(body, 'confirm'))?.e164 !== number.e164) {
      return page(c, { input: number.e164, subject: await findSubject(store, number), error: 'confirm_mismatch' }, 400);
    }
    const subject = await findSubject(store, number);
    try {
      const erased = await eraseSubject({ store, deleteRecording, clock: now }, subject, me(c));
      logger.info({ by: me(c), number: number.masked, ...erased }, 'privacy erasure');
      return page(c, { input: '', subject: null, erased });
    } catch (err) {
      logger.warn({ by: me(c), number: number.masked, error: describeTwilioError(err) }, 'privacy erasure stopped: a recording could not be deleted at Twilio');
      return page(c, { input: number.e164, subject: await findSubject(store, number), error: 'twilio_failed' }, 400);
    }
  });

  return app;
}
