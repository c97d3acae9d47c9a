import { describe, expect, it } from 'vitest';
import type { RecordingWrite } from '../../src/store/store.ts';
import type { Ctx } from './contract.ts';
import { at, turn } from './fixtures.ts';

const rec = (over: Partial<RecordingWrite> = {}): RecordingWrite => ({
  callSid: 'CA1',
  recordingSid: 'RE1',
  url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
  status: 'completed',
  durationS: 12,
  at: at(60),
  ...over,
});

export function recordingsContract(store: Ctx): void {
  describe('recordings and transcripts', () => {
    it('erasure (issue 15): personal columns emptied, recording marked deleted, audited with counts; a late transcription stays out', async () => {
      const { call } = await store().applyTurn(turn('CA1', 1, { consent: { given: true, fromFull: '+4915112345678', callerName: 'Erika' } }));
      const r = (await store().saveRecording(rec()))!;
      await store().addCallEvent('CA1', { key: 'ai:1', kind: 'ai', step: 'user', text: 'hallo', at: at(61) });
      // The AI conversation's staff summary is personal data too.
      await store().startAiLeg({ callSid: 'CA1', streamSid: 'MZ1', at: at(61) });
      const leg = (await store().latestAiLeg('CA1'))!;
      await store().setAiSummary(leg.id, { text: 'Erika asked about 4711.', outcome: { orderNumbers: ['4711'], wanted: 'status', followUp: true } });
      expect((await store().listCallsByNumber('+4915112345678')).map((c) => c.id)).toEqual([call.id]);
      expect(await store().listCallsToErase(at(2), 10)).toHaveLength(1);
      const counts = await store().eraseCalls({ callIds: [call.id], at: at(90), actor: 'retention', field: 'retention', masked: null });
      expect(counts).toEqual({ 'calls.from_full': 1, 'calls.caller_name': 1, 'call_events.text': 1, 'transcripts.text': 0, 'ai_legs.summary': 1, 'ai_legs.outcome': 1, 'recordings.url': 1, recordings: 1, calls: 1 });
      expect(await store().getCall(call.id)).toMatchObject({ fromFull: null, callerName: null, erasedAt: at(90) });
      expect(await store().latestAiLeg('CA1')).toMatchObject({ summary: null, outcome: null });
      expect(await store().getRecording(r.id)).toMatchObject({ status: 'deleted', url: '', durationS: 12 });
      expect(await store().setTranscript(r.id, { status: 'done', text: 'too late' })).toBe(false);
      expect((await store().listTranscriptsForCall(call.id))[0]!.text).toBeNull();
      // Idempotent: a second erasure counts zeros; the call is not due any more.
      expect(Object.values(await store().eraseCalls({ callIds: [call.id], at: at(91), actor: 'x', field: 'erase', masked: '+49 ••78' })).every((n) => n === 0)).toBe(true);
      expect(await store().listCallsToErase(at(100), 10)).toEqual([]);
      const audit = await store().listRecentAudit(['privacy'], 5);
      expect(audit.map((a) => [a.actor, a.field, a.oldValue])).toEqual([['x', 'erase', '+49 ••78'], ['retention', 'retention', null]]);
      expect(JSON.parse(audit[1]!.newValue!)).toEqual(counts);
    });

    it('erasure by number takes the number out of the shop\'s orders, which stay; exports are audited', async () => {
      const n = '+4915112345678';
      await store().upsertOrders([
        { number: '2001', status: 'processing', phones: [n, '+4915100000001'], name: 'Anna' },
        { number: '2002', status: 'shipped', phones: ['+4915100000001'] },
        { number: '2003', status: 'shipped', phones: ['+49151123456789'] },
      ], 'key:shop', at(0));
      expect((await store().listOrdersByPhone(n)).map((o) => o.number)).toEqual(['2001']);
      const counts = await store().eraseCalls({ callIds: [], at: at(5), actor: 'anna', field: 'erase', masked: '+49 ••78', removePhone: n });
      expect(counts).toEqual({ 'orders.phones': 1 });
      expect(await store().listOrdersByPhone(n)).toEqual([]);
      expect((await store().getOrderByNumber('2001'))!.phones).toEqual(['+4915100000001']);
      await store().auditPrivacy({ actor: 'anna', field: 'export', masked: '+49 ••78', counts: { calls: 0 }, at: at(6) });
      const [a] = await store().listRecentAudit(['privacy'], 1);
      expect(a).toMatchObject({ entity: 'privacy', actor: 'anna', field: 'export', oldValue: '+49 ••78', newValue: '{"calls":0}', at: at(6) });
    });

    it('ignores a recording of an unknown call', async () => {
      expect(await store().saveRecording(rec({ callSid: 'CAnope' }))).toBeNull();
      expect(await store().listJobs()).toEqual([]);
    });

    it('a completed recording gets a pending transcript and one transcribe job, even when replayed', async () => {
      const { call } = await store().applyTurn(turn('CA1', 1));
      const r = await store().saveRecording(rec());
      expect(r).toMatchObject({ callId: call.id, recordingSid: 'RE1', status: 'completed', durationS: 12, url: rec().url });
      expect(r!.at).toEqual(at(60));
      const again = await store().saveRecording(rec());
      expect(again!.id).toBe(r!.id);
      expect(await store().listRecordingsForCall(call.id)).toHaveLength(1);
      const ts = await store().listTranscriptsForCall(call.id);
      expect(ts).toHaveLength(1);
      expect(ts[0]).toMatchObject({ callId: call.id, recordingId: r!.id, status: 'pending', text: null, error: null });
      const jobs = await store().listJobs({ kind: 'transcribe' });
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ status: 'queued', payload: { recordingId: r!.id, callId: call.id }, attempts: 0 });
      expect(await store().getRecording(r!.id)).toEqual(r);
    });

    it('an unfinished recording is stored without a job, and updated in place when it completes', async () => {
      const { call } = await store().applyTurn(turn('CA1', 1));
      const first = await store().saveRecording(rec({ status: 'in-progress', durationS: null, url: 'https://x.invalid/a' }));
      expect(await store().listJobs()).toEqual([]);
      expect(await store().listTranscriptsForCall(call.id)).toEqual([]);
      const done = await store().saveRecording(rec());
      expect(done).toMatchObject({ id: first!.id, status: 'completed', durationS: 12, url: rec().url });
      expect(await store().listJobs()).toHaveLength(1);
    });

    it('setTranscript stores the result, and says false for an unknown recording', async () => {
      const { call } = await store().applyTurn(turn('CA1', 1));
      const r1 = await store().saveRecording(rec());
      const r2 = await store().saveRecording(rec({ recordingSid: 'RE2' }));
      expect(await store().setTranscript(r1!.id, { status: 'done', text: 'Bitte rufen Sie zurück.' })).toBe(true);
      expect(await store().setTranscript(r2!.id, { status: 'failed', error: 'engine said no' })).toBe(true);
      expect(await store().setTranscript(987654, { status: 'done', text: 'x' })).toBe(false);
      const ts = await store().listTranscriptsForCall(call.id);
      expect(ts.map((t) => [t.recordingId, t.status, t.text, t.error])).toEqual([
        [r1!.id, 'done', 'Bitte rufen Sie zurück.', null],
        [r2!.id, 'failed', null, 'engine said no'],
      ]);
      expect((await store().listRecordingsForCall(call.id)).map((r) => r.recordingSid)).toEqual(['RE1', 'RE2']);
      expect(await store().getRecording(987654)).toBeNull();
    });
  });
}
