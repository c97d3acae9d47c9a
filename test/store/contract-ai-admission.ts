import { describe, expect, it } from 'vitest';
import type { Ctx } from './contract.ts';
import { at, turn } from './fixtures.ts';

/** The IVR turn in which the caller chose the AI (where the edge sends them: `next`). */
const choseAi = (sid: string, seq: number) => {
  const t = turn(sid, seq);
  return { ...t, event: { ...t.event, detail: { next: 'connect_ai' } } };
};

export function aiAdmissionContract(store: Ctx): void {
  describe('AI leg admission', () => {
    it('admits one stream for a call waiting for its AI leg, recording its start; refuses the rest', async () => {
      expect(await store().admitAiLeg({ callSid: 'CAnope', streamSid: 'MZ0', at: at(1), lang: 'de-DE' })).toBe('unknown call');
      const { call } = await store().applyTurn(turn('CA1', 1));
      expect(await store().admitAiLeg({ callSid: 'CA1', streamSid: 'MZ0', at: at(2), lang: 'de-DE' })).toBe('call is not waiting for its AI leg');
      await store().applyTurn(choseAi('CA1', 2));
      expect(await store().admitAiLeg({ callSid: 'CA1', streamSid: 'MZ1', at: at(3), lang: 'en-GB' })).toBeNull();
      // Whichever worker asks next, with another stream: the call is taken.
      expect(await store().admitAiLeg({ callSid: 'CA1', streamSid: 'MZ2', at: at(3), lang: 'de-DE' })).toBe('call already streaming');
      const legs = await store().listAiLegsForCall(call.id);
      expect(legs.map((l) => [l.streamSid, l.startedAt.getTime()])).toEqual([['MZ1', at(3).getTime()]]);
      const started = (await store().listCallEvents(call.id)).filter((e) => e.kind === 'ai');
      expect(started).toMatchObject([{ step: 'started', detail: { lang: 'en-GB' } }]);
      // Once the leg ended, only a new choice of the AI admits a stream again.
      await store().endAiLeg('MZ1', 'caller_star', at(4));
      await store().addCallEvent('CA1', { key: 'ai:ended:MZ1', kind: 'ai', step: 'ended', detail: { reason: 'caller_star' }, at: at(4) });
      expect(await store().admitAiLeg({ callSid: 'CA1', streamSid: 'MZ3', at: at(5), lang: 'de-DE' })).toBe('call is not waiting for its AI leg');
      await store().applyTurn(choseAi('CA1', 6));
      expect(await store().admitAiLeg({ callSid: 'CA1', streamSid: 'MZ3', at: at(7), lang: 'de-DE' })).toBeNull();
    });

    it('a StreamSid already recorded is refused and leaves the call waiting for its own stream', async () => {
      await store().applyTurn(choseAi('CA1', 1));
      expect(await store().admitAiLeg({ callSid: 'CA1', streamSid: 'MZ1', at: at(2), lang: 'de-DE' })).toBeNull();
      const { call } = await store().applyTurn(choseAi('CA3', 3));
      // Another call's StreamSid (a replayed start): refused, and nothing of it stays on this call.
      expect(await store().admitAiLeg({ callSid: 'CA3', streamSid: 'MZ1', at: at(4), lang: 'de-DE' })).toBe('stream already recorded');
      expect((await store().listCallEvents(call.id)).filter((e) => e.kind === 'ai')).toHaveLength(0);
      expect(await store().admitAiLeg({ callSid: 'CA3', streamSid: 'MZ3', at: at(5), lang: 'de-DE' })).toBeNull();
      expect((await store().listAiLegsForCall(call.id)).map((l) => l.streamSid)).toEqual(['MZ3']);
    });

    it('refuses a call that has ended', async () => {
      await store().applyTurn(choseAi('CA2', 1));
      await store().applyCallStatus({ callSid: 'CA2', twilioStatus: 'completed', durationS: 3, at: at(2) });
      expect(await store().admitAiLeg({ callSid: 'CA2', streamSid: 'MZ9', at: at(3), lang: 'de-DE' })).toBe('call has ended');
    });
  });
}
