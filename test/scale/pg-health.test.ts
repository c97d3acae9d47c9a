// An edge on PostgreSQL tells its load balancer the truth: /health is 503 once the database is
// gone (answering within the connect timeout instead of hanging), and webhooks still get TwiML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTwilioRequest } from '../../src/telephony/signature.ts';
import { freePort, startTs, waitForHealth, type Started } from '../helpers/spawn-edge.ts';
import { createTempDb, requirePg, type TempDb } from '../store/pg-harness.ts';

const TOKEN = 'pg-health-token-0123456789';

if (await requirePg()) {
  describe('edge on PostgreSQL when the database goes away', () => {
    let db: TempDb;
    let edge: Started;
    let base: string;

    beforeAll(async () => {
      db = await createTempDb();
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      edge = startTs('src/edge/main.node.ts', { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `${db.url}?max=2`, TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: base });
      await waitForHealth(`${base}/health`, edge);
    }, 90_000);
    afterAll(async () => {
      await edge?.stop();
      await db?.drop();
    });

    it('answers 503 on /health and an apology to Twilio, and never hangs', async () => {
      expect((await fetch(`${base}/health`)).status).toBe(200);
      await db.drop(); // with (force): the edge's sessions are cut, the database is gone
      const health = await fetch(`${base}/health`); // "never hangs": the test's timeout is the limit
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'error', database: 'unreachable' });
      const params = { CallSid: 'CA' + 'f'.repeat(32), From: '+4915112345678', To: '+4930123456', CallStatus: 'ringing', Direction: 'inbound' };
      const res = await fetch(`${base}/webhook/voice`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signTwilioRequest(TOKEN, `${base}/webhook/voice`, params) },
        body: new URLSearchParams(params).toString(),
      });
      // Never a 5xx to Twilio: the caller hears an apology in their language, then the call ends.
      expect(res.status).toBe(200);
      const twiml = await res.text();
      expect(twiml).toContain('<Hangup/>');
      expect(twiml).toContain('language="de-DE"');
    }, 60_000);
  });
}
