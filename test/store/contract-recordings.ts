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
