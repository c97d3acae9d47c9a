// `npm run twilio:setup` against the fake Twilio REST API: what it prints, what it sends, and
// what it refuses.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { startFakeTwilioRest, type FakeTwilioRest } from '../fakes/fake-twilio-rest.ts';
import { ROOT } from '../helpers/spawn-edge.ts';
import { runCommand } from './run-command.ts';

const NUMBER = '+4930123456789';
const BASE = 'https://call.liza-test.example';

describe('npm run twilio:setup', () => {
  let twilio: FakeTwilioRest;
  const env = (extra: Record<string, string> = {}) => ({
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_API_BASE_URL: twilio.baseUrl,
    TWILIO_PHONE_NUMBER: NUMBER,
    PUBLIC_BASE_URL: BASE,
    ...extra,
  });
  const setup = (args: string[] = [], extra: Record<string, string> = {}) => runCommand('scripts/twilio-setup.ts', args, env(extra));

  beforeAll(async () => {
    twilio = await startFakeTwilioRest();
  });
  afterAll(async () => {
    await twilio?.close();
  });
  beforeEach(() => {
    twilio.requests.length = 0;
    // A number as bought: Twilio's demo URL, GET, no status callback, no fallback.
    twilio.addNumber(NUMBER, { voice_url: 'https://demo.twilio.com/welcome/voice/', voice_method: 'GET' });
  });

  it('points the number at PUBLIC_BASE_URL, printing old → new, and says "nothing to change" the second time', async () => {
    const first = await setup();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`https://demo.twilio.com/welcome/voice/ → ${BASE}/webhook/voice`);
    expect(first.stdout).toContain('GET → POST');
    expect(first.stdout).toContain(`(none) → ${BASE}/webhook/status`);
    expect(first.stdout).toContain(`(none) → ${BASE}/webhook/fallback`);
    const n = twilio.number(NUMBER)!;
    expect(n).toMatchObject({
      voice_url: `${BASE}/webhook/voice`,
      voice_method: 'POST',
      status_callback: `${BASE}/webhook/status`,
      status_callback_method: 'POST',
      voice_fallback_url: `${BASE}/webhook/fallback`,
      voice_fallback_method: 'POST',
    });
    // Only what differed was sent (the methods that were already POST were not).
    const writes = twilio.writes();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/IncomingPhoneNumbers/${n.sid}.json`);
    expect(Object.keys(writes[0]!.form).sort()).toEqual(['StatusCallback', 'VoiceFallbackUrl', 'VoiceMethod', 'VoiceUrl']);
    // The lookup used Twilio's filter, authenticated.
    expect(twilio.requests[0]).toMatchObject({ method: 'GET', query: { PhoneNumber: NUMBER }, authorized: true });

    const second = await setup();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing to change');
    expect(twilio.writes()).toHaveLength(1);
  });

  it('changes only the one setting that differs, and clears a TwiML App that would override the voice URL', async () => {
    twilio.addNumber(NUMBER, {
      voice_url: `${BASE}/webhook/voice`, voice_method: 'POST',
      voice_fallback_url: `${BASE}/webhook/fallback`, voice_fallback_method: 'POST',
      status_callback: 'https://old.example.org/webhook/status', status_callback_method: 'POST',
      voice_application_sid: 'AP' + 'a'.repeat(32),
    });
    const r = await setup();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`https://old.example.org/webhook/status → ${BASE}/webhook/status`);
    expect(r.stdout).toContain(`AP${'a'.repeat(32)} → (none)`);
    expect(twilio.writes().map((w) => w.form)).toEqual([{ StatusCallback: `${BASE}/webhook/status`, VoiceApplicationSid: '' }]);
  });

  it('--dry-run prints the same changes and sends nothing', async () => {
    const r = await setup(['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`→ ${BASE}/webhook/voice`);
    expect(r.stdout).toMatch(/Dry run: 4 setting\(s\) would change; nothing was changed/);
    expect(twilio.writes()).toEqual([]);
    expect(twilio.number(NUMBER)!.voice_url).toBe('https://demo.twilio.com/welcome/voice/');
  });

  it.each([
    ['http://call.liza-test.example', /uses http:\/\/ but Twilio needs https:\/\//],
    ['https://localhost:8443', /localhost is a name only this machine/],
    ['https://127.0.0.1', /127\.0\.0\.1 is a loopback or private address/],
    ['https://10.1.2.3', /private address/],
  ])('refuses PUBLIC_BASE_URL=%s, saying what to set, before calling Twilio', async (url, why) => {
    const r = await setup([], { PUBLIC_BASE_URL: url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toContain('Set PUBLIC_BASE_URL to this deployment\'s public address, e.g. https://');
    expect(twilio.requests).toEqual([]);
  });

  it('refuses to run without PUBLIC_BASE_URL (the default is localhost) and without the number, naming both', async () => {
    const r = await runCommand('scripts/twilio-setup.ts', [], { TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: twilio.authToken, TWILIO_API_BASE_URL: twilio.baseUrl });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TWILIO_PHONE_NUMBER is not set');
    expect(r.stderr).toContain('PUBLIC_BASE_URL=http://localhost:3000');
    expect(twilio.requests).toEqual([]);
  });

  it('says which credentials to check when Twilio answers 401, and changes nothing', async () => {
    const r = await setup([], { TWILIO_AUTH_TOKEN: 'not-the-right-token-123' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 401 (error 20003)');
    expect(r.stderr).toContain('Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
    expect(twilio.requests.every((q) => !q.authorized)).toBe(true);
  });

  it('names the number when the account does not have it', async () => {
    const r = await setup([], { TWILIO_PHONE_NUMBER: '+4930999999999' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`TWILIO_PHONE_NUMBER=+4930999999999 is not a number of account ${twilio.accountSid}`);
    expect(twilio.writes()).toEqual([]);
  });

  it('reports a failed update with Twilio\'s own message', async () => {
    twilio.failNext({ method: 'POST', path: /IncomingPhoneNumbers\/PN/, status: 400, code: 21502, message: 'VoiceUrl is not valid' });
    const r = await setup();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 400 (error 21502): VoiceUrl is not valid');
  });

  it('is wired as `npm run twilio:setup` (here with -- --dry-run)', async () => {
    const r = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile('npm', ['run', '--silent', 'twilio:setup', '--', '--dry-run'], { cwd: ROOT, env: { ...process.env, ...env() }, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? 1 : 0, out: stdout + stderr }),
      );
    });
    expect(r.out).toContain('Dry run:');
    expect(r.code).toBe(0);
    expect(twilio.writes()).toEqual([]);
  });
});
