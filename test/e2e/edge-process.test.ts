import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeCall } from '../../src/sim/call.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';
import { runToEnd } from '../helpers/processes.ts';
import { ROOT, TSX_IMPORT, freePort, startTs, tempDir, waitForHealth, waitForOutput, type Started } from '../helpers/spawn-edge.ts';

describe('the real edge process over HTTP, driven by the call simulator', () => {
  let edge: Started;
  let base: string;
  let dir: string;
  const token = 'e2e-token-abcdefgh';

  beforeAll(async () => {
    const port = await freePort();
    dir = tempDir();
    base = `http://127.0.0.1:${port}`;
    edge = startTs('src/edge/main.node.ts', { PORT: String(port), DATABASE_URL: join(dir, 'liza.db'), TWILIO_AUTH_TOKEN: token, PUBLIC_BASE_URL: base, LOG_LEVEL: 'debug' });
    await waitForHealth(`${base}/health`, edge);
  });
  afterAll(() => edge?.stop());

  it('serves /metrics to this host only, by the socket peer the process sees', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`, { headers: { 'X-Real-IP': '203.0.113.9' } })).status).toBe(403);
  });

  it('walks a German call to the order status and goodbye', async () => {
    const r = await placeCall({ publicBaseUrl: base, authToken: token, from: '+4915112345678' }, scriptedCaller(['1', '80815#', '1', '9']));
    expect(r.said.filter((s) => s.lang !== 'de-DE').map((s) => s.text)).toEqual(['For English, press 8.']);
    expect(r.said.map((s) => s.text).join(' ')).toContain('Ich wiederhole: 8 0 8 1 5.');
    expect(r.said.at(-1)!.text).toBe('Danke für Ihren Anruf. Auf Wiederhören!');
    expect(r.requests.every((q) => q.status === 200)).toBe(true);
  });

  it('walks an English call with a retry and a re-entry', async () => {
    const r = await placeCall({ publicBaseUrl: base, authToken: token, from: '+447700900123' }, scriptedCaller(['5', '1', '12#', '4242#', '2', '4243#', '1', '9']));
    const text = r.said.map((s) => s.text).join('\n');
    expect(r.said[0]!.lang).toBe('en-GB');
    expect(text).toContain("Sorry, I didn't catch that.");
    expect(text).toContain('too short');
    expect(text).toContain('You entered 4 2 4 3.');
    expect(r.ended).toBe('hangup');
  });

  it('refuses an unsigned webhook with 403', async () => {
    const res = await fetch(`${base}/webhook/voice`, { method: 'POST', body: 'CallSid=CA1&From=%2B4915112345678' });
    expect(res.status).toBe(403);
  });

  it('logs JSON lines that never carry the auth token or a declining caller\'s number', async () => {
    await placeCall({ publicBaseUrl: base, authToken: token, from: '+4917612345099' }, scriptedCaller(['2']));
    await fetch(`${base}/webhook/voice`, { method: 'POST', body: 'CallSid=CAforged&From=%2B4917612345099', headers: { 'X-Twilio-Signature': 'forged' } });
    // The log line travels through the child's stdout pipe: it may arrive after the 403 does.
    await waitForOutput(edge, /CAforged/);
    const lines = edge.output().split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(lines.some((l) => l.includes('CAforged') && l.includes('"callSid"'))).toBe(true);
    expect(edge.output()).not.toContain(token);
    expect(edge.output()).not.toContain('17612345099');
  });

  it('the database file was created and migrated on first start', () => {
    expect(existsSync(join(dir, 'liza.db'))).toBe(true);
  });
});

describe('start-up configuration', () => {
  it('a bad value stops the process with one message naming every offending variable', async () => {
    const r = await runToEnd(process.execPath, ['--import', TSX_IMPORT, join(ROOT, 'src/edge/main.node.ts')], {
      cwd: tempDir(),
      env: { PORT: 'eighty', PUBLIC_BASE_URL: 'ftp://x', STAFF_PHONE_NUMBER: '0301234', TWILIO_AUTH_TOKEN: 'tok-123456' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Invalid configuration');
    for (const name of ['PORT', 'PUBLIC_BASE_URL', 'STAFF_PHONE_NUMBER']) expect(r.stderr).toContain(name);
    expect(r.stderr.match(/Invalid configuration/g)).toHaveLength(1);
  });

  it('without TWILIO_AUTH_TOKEN a development token is generated once, saved and printed', async () => {
    const cwd = tempDir();
    const port = await freePort();
    const env = { PORT: String(port), TWILIO_AUTH_TOKEN: '', DATABASE_URL: './data/liza.db', PUBLIC_BASE_URL: `http://127.0.0.1:${port}` };
    const first = startTs('src/edge/main.node.ts', env, cwd);
    await waitForHealth(`http://127.0.0.1:${port}/health`, first);
    await first.stop();
    const token = readFileSync(join(cwd, 'data/dev-twilio-auth-token'), 'utf8').trim();
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(first.output()).toContain(token);
    const second = startTs('src/edge/main.node.ts', env, cwd);
    await waitForHealth(`http://127.0.0.1:${port}/health`, second);
    // The same token signs for the second run, and it is not printed again.
    const r = await placeCall({ publicBaseUrl: `http://127.0.0.1:${port}`, authToken: token, from: '+12025550143' }, scriptedCaller(['2']));
    expect(r.said.at(-1)!.lang).toBe('en-US');
    await second.stop();
    expect(second.output()).not.toContain(token);
  });
});
