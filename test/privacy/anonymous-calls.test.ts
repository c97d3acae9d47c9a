// Issue 15 point 1: a caller who declines, or hangs up at the consent question, leaves neither
// their number nor their caller ID name anywhere: not in any column of any table (nor the number
// search index, nor the SQLite file itself), not in the logs. A caller who consents is found by the
// same scan, so it is able to fail.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { createApp } from '../../src/edge/app.ts';
import { placeCall } from '../../src/sim/call.ts';
import { TEST_TOKEN } from '../helpers/app.ts';
import { walkCall } from '../helpers/sim.ts';
import { requirePg } from '../store/pg-harness.ts';
import { DB_KINDS, openTarget, type DbTarget } from './db-targets.ts';

const DECLINER = { number: '+4915112345678', national: '15112345678', name: 'Erika Mustermann' };
const HANGER = { number: '+447700900123', national: '7700900123', name: 'Hugh Hangup' };
const CONSENTER = { number: '+4917699887766', national: '17699887766', name: 'Max Beispiel' };

for (const kind of DB_KINDS) {
  describe(`a declined or abandoned call stays anonymous (${kind})`, async () => {
    if (kind === 'pg' && !(await requirePg())) return;
    let db: DbTarget;
    const logs: string[] = [];
    let app: ReturnType<typeof createApp>;
    const config = parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN });
    beforeAll(async () => {
      db = await openTarget(kind);
      app = createApp({ store: db.store, config, logger: pino({ level: 'info' }, { write: (l: string) => void logs.push(l) }) });
    });
    afterAll(() => db?.close());

    it('keeps nothing of the caller who declines or hangs up at the consent question, and all of one who agreed', async () => {
      const declined = await walkCall(app, config, DECLINER.number, ['2'], { callerName: DECLINER.name });
      // The caller puts the phone down while the consent question plays: Twilio then sends `completed`.
      const ctl = new AbortController();
      const io = { say() {}, note() {}, dialAnswered: async () => false, keys: () => (ctl.abort(), new Promise<string>(() => {})) };
      const fetchApp = (async (url: string, init?: RequestInit) => app.request(url, init)) as typeof fetch;
      const hung = await placeCall({ publicBaseUrl: config.publicBaseUrl, authToken: TEST_TOKEN, from: HANGER.number, callerName: HANGER.name, fetch: fetchApp, signal: ctl.signal }, io);
      expect(hung.ended).toBe('caller_hangup');
      const agreed = await walkCall(app, config, CONSENTER.number, ['1', '4711#', '1', '9'], { callerName: CONSENTER.name });

      // Each request carried the number and the name, as Twilio sends them.
      expect(declined.requests.every((r) => r.params.CallerName === DECLINER.name && r.params.From === DECLINER.number)).toBe(true);
      expect(hung.requests.map((r) => r.params.CallerName)).toEqual([HANGER.name, HANGER.name]);

      // A staff search indexes the calls that arrived (the number index is filled off the webhook
      // path, drizzle/sqlite/0011), so the scan below also covers what the index got of each.
      const search = await db.store.listCalls({ from: CONSENTER.national }, { offset: 0, limit: 50, countCap: 100 });
      expect(search.rows.map((r) => r.callSid)).toEqual([agreed.callSid]);
      for (const who of [DECLINER, HANGER]) {
        expect(await db.scan([who.national, who.name]), who.name).toEqual([]);
        expect(logs.join('\n')).not.toContain(who.national);
        expect(logs.join('\n')).not.toContain(who.name);
      }
      // The scan finds a consenting caller: in the call, and in the number search index.
      const found = await db.scan([CONSENTER.national, CONSENTER.name]);
      expect(found).toEqual(expect.arrayContaining(['calls.from_full', 'calls.caller_name', kind === 'sqlite' ? 'calls_number_fts_content.c0' : 'calls_number_trgm_idx(match)']));

      // What stays of the anonymous calls is what statistics need.
      const d = (await db.store.getCallBySid(declined.callSid))!;
      expect(d).toMatchObject({ fromFull: null, callerName: null, fromMasked: '+49 •••••••••78', status: 'completed', language: 'de-DE' });
      expect(await db.store.getConsent(d.id)).toMatchObject({ given: false, evidence: { digits: '2', promptVersion: 1 } });
      const h = (await db.store.getCallBySid(hung.callSid))!;
      expect(h).toMatchObject({ fromFull: null, callerName: null, status: 'completed', language: 'en-GB' });
      expect(await db.store.getConsent(h.id)).toBeNull();
      expect(await db.store.getCallBySid(agreed.callSid)).toMatchObject({ fromFull: CONSENTER.number, callerName: CONSENTER.name });
    });
  });
}
