// Operators follow a call in the logs: one info line per IVR turn, one summary when it ends, and
// never a full number, a name or what was said.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { createApp } from '../../src/edge/app.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { TEST_TOKEN, signedPost } from '../helpers/app.ts';
import { walkCall } from '../helpers/sim.ts';

function appWithLog() {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void (raw.push(l), lines.push(JSON.parse(l))) });
  const config = parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN });
  const store = createSqliteStore(':memory:');
  return { app: createApp({ store, config, logger }), store, config, lines, raw };
}

describe('call logs', () => {
  it('one info line per IVR turn and one summary at the end, with nothing personal in them', async () => {
    const env = appWithLog();
    const r = await walkCall(env.app, env.config, '+4915112345678', ['1', '4711#', '1', '9']);
    const turns = env.lines.filter((l) => l.msg === 'ivr turn');
    expect(turns.map((l) => [l.level, l.callSid, l.step, l.outcome, l.next])).toEqual([
      [30, r.callSid, 'voice', 'greeting', 'consent'],
      [30, r.callSid, 'consent', 'pressed_1', 'order'],
      [30, r.callSid, 'order', 'entered', 'order_confirm'],
      // A number nobody knew is noted (UNKNOWN_ORDERS=create, the default).
      [30, r.callSid, 'order_confirm', 'order_noted', 'help'],
      [30, r.callSid, 'help', 'pressed_9', 'hangup'],
    ]);
    for (const l of turns) expect(l.durationMs).toEqual(expect.any(Number));
    const summary = env.lines.filter((l) => l.msg === 'call ended');
    expect(summary).toEqual([
      expect.objectContaining({
        level: 30, callSid: r.callSid, twilioStatus: 'completed', status: 'completed', lang: 'de-DE', durationS: expect.any(Number),
        turns: 5, lastStep: 'help', consent: 'given', orders: 1, aiLeg: false, voiceMessage: false,
      }),
    ]);
    const all = env.raw.join('\n');
    expect(all).not.toContain('15112345678');
    expect(all).not.toContain('Bestellung');
    expect(all).not.toContain('4711');
  });

  it('a retried status callback writes no second summary; a call that never reached us writes none', async () => {
    const env = appWithLog();
    const r = await walkCall(env.app, env.config, '+447700900123', ['2']);
    await signedPost(env.app, env.config, '/webhook/status', { CallSid: r.callSid, CallStatus: 'completed', CallDuration: '3' });
    await signedPost(env.app, env.config, '/webhook/status', { CallSid: 'CAunknown', CallStatus: 'completed', CallDuration: '3' });
    expect(env.lines.filter((l) => l.msg === 'call ended').map((l) => [l.callSid, l.consent, l.turns])).toEqual([[r.callSid, 'declined', 2]]);
  });
});
