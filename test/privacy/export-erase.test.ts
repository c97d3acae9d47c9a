// Issue 15 point 4 through the staff pages: find a caller by number, export everything linked to it
// (and nothing of another caller), erase it with a confirmation (Twilio's recordings DELETEd at the
// local fake), audited; afterwards no trace in any column of any table, and the dashboard's numbers
// are unchanged. CSRF is refused on both POSTs. On SQLite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.ts';
import { ADMIN_PASSWORD, ADMIN_USER, createAdmin, createStaff, signIn } from '../helpers/staff.ts';
import { requirePg } from '../store/pg-harness.ts';
import { DB_KINDS, useDbAndTwilio } from './db-targets.ts';
import { appWith, callWithEverything, ERIKA, MAX } from './subject-flow.ts';

for (const kind of DB_KINDS) {
  describe(`privacy export and erasure by number (${kind})`, async () => {
    if (kind === 'pg' && !(await requirePg())) return;
    const target = useDbAndTwilio(kind);

    it('exports all of one caller and nothing of another, then erases it everywhere, audited', async () => {
      const db = target.db();
      const fake = target.fake();
      const env = appWith(db.store, fake, silentLogger());
      const e1 = await callWithEverything(env, db.store, fake, ERIKA);
      const e2 = await callWithEverything(env, db.store, fake, ERIKA);
      const m1 = await callWithEverything(env, db.store, fake, MAX);
      await createAdmin(db.store);
      await createStaff(db.store);
      const admin = await signIn(env.app, ADMIN_USER, ADMIN_PASSWORD);
      const staff = await signIn(env.app);
      const since = new Date(Date.now() - 86_400_000);
      const statsBefore = await db.store.dashboardStats(since);

      // Staff without the admin role do not get in.
      expect((await staff.get('/privacy')).status).toBe(403);
      // Found in any format.
      const csrf = await admin.csrf();
      const page = await (await admin.postForm('/privacy', { _csrf: csrf, number: '0151 1234 5678' })).text();
      expect(page).toContain('Anrufe: 2');
      expect(page).toContain('Aufnahmen: 2');
      expect(page).toContain('Transkripte: 2');
      expect(page).toContain(ERIKA.order);
      expect(page).not.toContain(MAX.order);

      // CSRF refused on both POSTs, and nothing happened.
      expect((await admin.postForm('/privacy/export', { number: ERIKA.number })).status).toBe(403);
      expect((await admin.postForm('/privacy/erase', { number: ERIKA.number, confirm: ERIKA.number })).status).toBe(403);
      expect((await admin.postForm('/privacy/erase', { _csrf: 'forged', number: ERIKA.number, confirm: ERIKA.number })).status).toBe(403);
      expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);

      const res = await admin.postForm('/privacy/export', { _csrf: csrf, number: '+49 151 12345678' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="liza-export-\d{4}-\d\d-\d\d\.json"$/);
      const text = await res.text();
      const doc = JSON.parse(text);
      expect(doc.number).toBe(ERIKA.number);
      expect(doc.calls.map((c: { callSid: string }) => c.callSid)).toEqual([e1.callSid, e2.callSid]);
      expect(doc.calls[0]).toMatchObject({ fromFull: ERIKA.number, callerName: ERIKA.name, consent: { given: true, evidence: { digits: '1' } } });
      expect(doc.calls[0].recordings[0]).toMatchObject({ recordingSid: e1.recordingSid, url: `${env.config.publicBaseUrl}/calls/${e1.call.id}/recordings/${doc.calls[0].recordings[0].id}.mp3` });
      expect(doc.calls[0].transcripts[0].text).toContain(ERIKA.words);
      expect(doc.calls[0].events.some((e: { text: string | null }) => e.text?.includes(ERIKA.words))).toBe(true);
      expect(doc.orders.map((o: { number: string }) => o.number)).toEqual([ERIKA.order]);
      for (const other of [MAX.national, MAX.name, MAX.order, MAX.words, m1.callSid, m1.recordingSid]) expect(text).not.toContain(other);

      // The confirmation must name the same number.
      const wrong = await admin.postForm('/privacy/erase', { _csrf: csrf, number: ERIKA.number, confirm: MAX.number });
      expect(wrong.status).toBe(400);
      expect(await wrong.text()).toContain('nichts wurde gelöscht');
      expect(await db.store.listCallsByNumber(ERIKA.number)).toHaveLength(2);

      // A staff search has indexed her calls (drizzle/sqlite/0011), so the erasure must also take them out of the number index.
      expect((await db.store.listCalls({ from: ERIKA.national }, { offset: 0, limit: 50, countCap: 100 })).rows).toHaveLength(2);
      const done = await admin.postForm('/privacy/erase', { _csrf: csrf, number: ERIKA.number, confirm: '0151-12345678' });
      expect(done.status).toBe(200);
      // Counts read as labels in the staff member's language, the technical name kept next to each.
      const doneHtml = await done.text();
      expect(doneHtml).toContain('Gelöscht:');
      expect(doneHtml).toContain('<span title="calls.from_full">Volle Rufnummern</span> <code class="muted small">calls.from_full</code>: 2');
      expect(doneHtml).toContain('<span title="call_events.text">Zeilen aus KI-Gesprächen</span>');
      const english = await (await admin.get('/privacy', { 'Accept-Language': 'en' })).text();
      expect(english).toContain('<span title="calls.from_full">Full numbers</span> <code class="muted small">calls.from_full</code>: 2');
      expect(english).toContain('<span title="transcripts">Transcripts</span>');
      expect(english).not.toContain('{&quot;calls&quot;');
      const deletes = fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
      expect(deletes.sort()).toEqual([e1.recordingSid, e2.recordingSid].map((s) => `/2010-04-01/Accounts/${fake.accountSid}/Recordings/${s}.json`).sort());
      expect(fake.recordings.has(m1.recordingSid)).toBe(true);

      // No trace of Erika; Max is all there (the scan can find things).
      expect(await db.scan([ERIKA.national, ERIKA.name, ERIKA.words])).toEqual([]);
      expect(await db.scan([MAX.national])).toEqual(expect.arrayContaining(['calls.from_full', 'call_events.text']));
      expect(await db.scan([MAX.words])).toEqual(expect.arrayContaining(['transcripts.text', 'call_events.text']));
      // What stays is anonymous: masked number, language, steps, durations, the order and its link.
      const kept = (await db.store.getCall(e1.call.id))!;
      expect(kept).toMatchObject({ fromFull: null, callerName: null, fromMasked: '+49 •••••••••78', language: 'de-DE', erasedAt: expect.any(Date) });
      expect(kept.durationS).toEqual(e1.call.durationS ?? kept.durationS);
      expect((await db.store.listOrdersForCall(e1.call.id)).map((o) => o.number)).toEqual([ERIKA.order]);
      expect((await db.store.listRecordingsForCall(e1.call.id))[0]).toMatchObject({ status: 'deleted', url: '' });
      expect(await db.store.dashboardStats(since)).toEqual(statsBefore);

      // Audited: who, masked number, counts (never the number itself).
      const audit = await db.store.listRecentAudit(['privacy'], 10);
      expect(audit.map((a) => [a.actor, a.field, a.oldValue])).toEqual([
        [ADMIN_USER, 'erase', '+49 •••••••••78'],
        [ADMIN_USER, 'export', '+49 •••••••••78'],
      ]);
      expect(JSON.parse(audit[0]!.newValue!)).toMatchObject({ calls: 2, recordings: 2, 'calls.from_full': 2, 'calls.caller_name': 2, 'transcripts.text': 2, 'call_events.text': 2 });
      expect(JSON.parse(audit[1]!.newValue!)).toEqual({ calls: 2, recordings: 2, transcripts: 2, consents: 2, orders: 1 });

      // Erasing again finds nothing and changes nothing.
      const again = await (await admin.postForm('/privacy', { _csrf: csrf, number: ERIKA.number })).text();
      expect(again).toContain('Anrufe: 0');
    });
  });
}
