// The SQLite turn's group commit (src/store/sqlite/group-commit.ts): turns that reach the store
// together share one transaction, yet each succeeds or fails as if it had its own.
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.ts';
import type { TurnWrite } from '../../src/store/store.ts';
import { turn } from './fixtures.ts';

describe('SQLite: turns arriving together', () => {
  it('each turn keeps its own outcome: a failing one is rolled back alone, the others are written', async () => {
    const store = await createStore(':memory:');
    try {
      // An order number the orders table refuses (NOT NULL): the turn fails inside its transaction,
      // after its call and event were already inserted.
      const bad: TurnWrite = turn('CAbad', 1, { saveOrder: { number: null as unknown as string } });
      const outcomes = await Promise.allSettled([
        store.applyTurn(turn('CAone', 1, { saveOrder: { number: '4711' } })),
        store.applyTurn(bad),
        store.applyTurn(turn('CAtwo', 1)),
        store.applyTurn(turn('CAone', 2)),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const [one, , two, oneAgain] = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null));
      expect(one).toMatchObject({ fresh: true, order: { number: '4711' }, call: { callSid: 'CAone' } });
      expect(two).toMatchObject({ fresh: true, order: null, call: { callSid: 'CAtwo' } });
      // The second turn of CAone saw the first one's writes: same call.
      expect(oneAgain!.call.id).toBe(one!.call.id);

      expect(await store.getCallBySid('CAbad')).toBeNull();
      expect((await store.listCallEvents(one!.call.id)).map((e) => e.step)).toEqual(['step1', 'step2']);
      expect(await store.getOrderByNumber('4711')).toMatchObject({ number: '4711' });
      // And the store goes on: the same call, a valid turn now.
      expect(await store.applyTurn(turn('CAbad', 1))).toMatchObject({ fresh: true, call: { callSid: 'CAbad' } });
    } finally {
      await store.close();
    }
  });
});
