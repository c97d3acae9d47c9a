import { describe, expect, it } from 'vitest';
import type { Ctx } from './contract.ts';
import { at, turn } from './fixtures.ts';

const usage = (k: number) => ({ inputTextTokens: 100 * k, inputAudioTokens: 10 * k, inputCachedTokens: k, outputTextTokens: 20 * k, outputAudioTokens: 30 * k });

export function aiLegsContract(store: Ctx): void {
  describe('AI legs', () => {
    it('ignores a leg of an unknown call, and a stream recorded twice', async () => {
      expect(await store().startAiLeg({ callSid: 'CAnope', streamSid: 'MZ1', at: at(1) })).toBe(false);
      await store().applyTurn(turn('CA1', 1));
      expect(await store().startAiLeg({ callSid: 'CA1', streamSid: 'MZ1', at: at(2) })).toBe(true);
      expect(await store().startAiLeg({ callSid: 'CA1', streamSid: 'MZ1', at: at(3) })).toBe(false);
      expect(await store().endAiLeg('MZnope', 'hangup', at(4))).toBeNull();
    });

    it('the first end reason wins; later writes return it and change nothing', async () => {
      const { call } = await store().applyTurn(turn('CA1', 1));
      await store().startAiLeg({ callSid: 'CA1', streamSid: 'MZ1', at: at(2) });
      expect((await store().latestAiLeg('CA1'))!.endReason).toBeNull();
      expect(await store().endAiLeg('MZ1', 'end_call', at(5))).toBe('end_call');
      expect(await store().endAiLeg('MZ1', 'hangup', at(6))).toBe('end_call');
      expect(await store().endOpenAiLegOfCall('CA1', 'staff_transfer', at(7))).toBeNull();
      const leg = (await store().latestAiLeg('CA1'))!;
      expect(leg).toMatchObject({ callId: call.id, streamSid: 'MZ1', endReason: 'end_call', summary: null, outcome: null, followUp: null });
      expect(leg.startedAt).toEqual(at(2));
      expect(leg.endedAt).toEqual(at(5));
      // One summary job per leg, queued with the first end.
      const jobs = await store().listJobs({ kind: 'summarize' });
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.payload).toEqual({ legId: leg.id, callId: call.id });
    });

    it('two racing end writes leave exactly one reason', async () => {
      await store().applyTurn(turn('CA1', 1));
      await store().startAiLeg({ callSid: 'CA1', streamSid: 'MZ1', at: at(2) });
      const [a, b] = await Promise.all([store().endAiLeg('MZ1', 'transfer_to_staff', at(3)), store().endOpenAiLegOfCall('CA1', 'staff_transfer', at(3))]);
      // Whichever came first stands, and both writers are told it (the staff one may find no open leg).
      const stands = (await store().latestAiLeg('CA1'))!.endReason;
      expect(['transfer_to_staff', 'staff_transfer']).toContain(stands);
      expect(a).toBe(stands);
      if (b !== null) expect(b).toBe(stands);
      expect(await store().listJobs({ kind: 'summarize' })).toHaveLength(1);
    });

    it('staff end the open leg of a call; the latest leg is the one stream_end reads', async () => {
      const { call } = await store().applyTurn(turn('CA1', 1));
      await store().startAiLeg({ callSid: 'CA1', streamSid: 'MZ1', at: at(2) });
      await store().endAiLeg('MZ1', 'caller_star', at(3));
      await store().startAiLeg({ callSid: 'CA1', streamSid: 'MZ2', at: at(4) });
      expect(await store().endOpenAiLegOfCall('CA1', 'staff_transfer', at(5))).toBe('staff_transfer');
      expect((await store().latestAiLeg('CA1'))!).toMatchObject({ streamSid: 'MZ2', endReason: 'staff_transfer' });
      expect((await store().listAiLegsForCall(call.id)).map((l) => [l.streamSid, l.endReason])).toEqual([['MZ1', 'caller_star'], ['MZ2', 'staff_transfer']]);
      expect(await store().latestAiLeg('CAnope')).toBeNull();
    });

    it('ends only the open legs started before a time (a dead worker\'s), first write wins', async () => {
      await store().applyTurn(turn('CA1', 1));
      await store().applyTurn(turn('CA2', 2));
      await store().startAiLeg({ callSid: 'CA1', streamSid: 'MZold', at: at(2) });
      await store().startAiLeg({ callSid: 'CA1', streamSid: 'MZdone', at: at(3) });
      await store().endAiLeg('MZdone', 'hangup', at(4));
      await store().startAiLeg({ callSid: 'CA2', streamSid: 'MZlive', at: at(10) });
      expect(await store().endOpenAiLegsStartedBefore(at(5), 'worker_restart', at(20))).toBe(1);
      expect(await store().endOpenAiLegsStartedBefore(at(5), 'worker_restart', at(21))).toBe(0);
      const legs = [...(await store().listAiLegsForCall((await store().getCallBySid('CA1'))!.id)), (await store().latestAiLeg('CA2'))!];
      expect(legs.map((l) => [l.streamSid, l.endReason])).toEqual([['MZold', 'worker_restart'], ['MZdone', 'hangup'], ['MZlive', null]]);
      expect(legs[0]!.endedAt).toEqual(at(20));
    });

    it('lists only calls that need a follow-up when asked', async () => {
      await store().applyTurn(turn('CA1', 1));
      await store().applyTurn(turn('CA2', 2));
      await store().applyTurn(turn('CA3', 3));
      for (const [sid, stream] of [['CA1', 'MZ1'], ['CA2', 'MZ2']] as const) await store().startAiLeg({ callSid: sid, streamSid: stream, at: at(9) });
      const legs = [(await store().latestAiLeg('CA1'))!, (await store().latestAiLeg('CA2'))!];
      await store().setAiSummary(legs[0]!.id, { text: 'a', outcome: { orderNumbers: [], wanted: 'x', followUp: true } });
      await store().setAiSummary(legs[1]!.id, { text: 'b', outcome: { orderNumbers: [], wanted: 'y', followUp: false } });
      const { rows } = await store().listCalls({ followUp: true }, { offset: 0, limit: 10, countCap: 100 });
      expect(rows.map((r) => r.callSid)).toEqual(['CA1']);
    });

    it('a leg that never talked queues no summary', async () => {
      await store().applyTurn(turn('CA1', 1));
      await store().startAiLeg({ callSid: 'CA1', streamSid: 'MZ1', at: at(2) });
      await store().endAiLeg('MZ1', 'engine_not_configured', at(3));
      expect(await store().listJobs({ kind: 'summarize' })).toEqual([]);
    });

    it('adds usage up, keeps latency and the summary, and sums usage per UTC day', async () => {
      await store().applyTurn(turn('CA1', 1));
      await store().startAiLeg({ callSid: 'CA1', streamSid: 'MZ1', at: at(2) });
      await Promise.all([store().addAiUsage('MZ1', usage(1)), store().addAiUsage('MZ1', usage(2))]);
      await store().setAiLatency('MZ1', { turns: 3, p50Ms: 420, maxMs: 900 });
      const leg = (await store().latestAiLeg('CA1'))!;
      expect(leg).toMatchObject({ ...usage(3), turns: 3, latencyP50Ms: 420, latencyMaxMs: 900 });
      const outcome = { orderNumbers: ['4711'], wanted: 'Lieferstatus', followUp: true };
      expect(await store().setAiSummary(leg.id, { text: 'Zwei Sätze.', outcome })).toBe(true);
      expect(await store().setAiSummary(999999, { text: 'x', outcome })).toBe(false);
      expect(await store().getAiLeg(leg.id)).toMatchObject({ summary: 'Zwei Sätze.', outcome, followUp: true });
      expect(await store().getAiLeg(999999)).toBeNull();

      await store().applyTurn(turn('CA2', 1, {}, { t: new Date(at(0).getTime() + 86_400_000) }));
      await store().startAiLeg({ callSid: 'CA2', streamSid: 'MZ2', at: new Date(at(0).getTime() + 86_400_000) });
      await store().addAiUsage('MZ2', usage(1));
      const days = await store().aiUsageByDay(new Date(at(0).getTime() - 86_400_000), new Date(at(0).getTime() + 3 * 86_400_000));
      expect(days.map((d) => [d.day, d.inputTextTokens, d.outputAudioTokens])).toEqual([
        [at(2).toISOString().slice(0, 10), 300, 90],
        [new Date(at(0).getTime() + 86_400_000).toISOString().slice(0, 10), 100, 30],
      ]);
    });
  });
}
