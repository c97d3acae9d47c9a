// A slow lookup is not dead air (issue 13, point 5): the worker on PostgreSQL, whose orders table
// another session holds locked, so the lookup really waits, as on a busy database.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDb, requirePg, type TempDb } from '../store/pg-harness.ts';
import { SLOW_TOOL_MS } from '../../src/worker/bridge/bridge.ts';
import { startTestWorker, type TestWorker } from './helpers.ts';

const run = await requirePg();
let db: TempDb;
let w: TestWorker | undefined;
beforeAll(async () => {
  if (run) db = await createTempDb();
});
afterAll(async () => {
  await w?.close();
  await db?.drop();
});

describe.runIf(run)('a slow tool round trip', () => {
  it('past 1.5 s the model is told to say a short filler; the answer follows once the lookup returns', async () => {
    w = await startTestWorker({}, {}, { storeUrl: db.url });
    await w.makeCall('CA_slow');
    const tw = await w.twilio({ callSid: 'CA_slow', customParameters: { call: 'CA_slow', lang: 'de-DE' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    await engine.waitForEvent((e) => e.type === 'session.update');

    const locker = postgres(db.url, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const tx = locker.begin(async (sql) => {
      await sql`lock table orders in access exclusive mode`;
      locked();
      await released;
    });
    await isLocked;

    const creates = () => engine.events.filter((e) => e.type === 'response.create');
    const before = creates().length;
    const { callId } = await engine.toolCall('lookup_order', { order_number: '4711' });
    const slow = await w.timers.next((t) => t.ms === SLOW_TOOL_MS);
    slow.fire();
    const filler = await engine.waitForEvent((e) => e.type === 'response.create' && creates().length > before);
    expect(JSON.stringify(filler)).toContain('One moment, I am checking');
    // No answer yet: the lookup still waits for the lock.
    expect(engine.events.some((e) => e.type === 'conversation.item.create')).toBe(false);
    // The filler is spoken; meanwhile the database answers.
    const spoken = engine.speak(Buffer.alloc(800, 0x7f));
    release();
    await tx;
    await locker.end();
    const out = await engine.waitForEvent((e) => e.type === 'conversation.item.create');
    expect(out.item).toMatchObject({ type: 'function_call_output', call_id: callId });
    await spoken;
    // The answer is asked for once the filler's response is done, not on top of it.
    await engine.waitForEvent((e) => e.type === 'response.create' && creates().length === before + 2);
    expect(creates()[before + 1]).toEqual({ type: 'response.create' });
    tw.stop();
    await tw.closed;
  });
});
