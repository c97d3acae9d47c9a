// A voice message that cannot be fetched from Twilio: the edge logs one warning line (no stack),
// the player's request gets the reason in the staff member's language, and the call page says
// why the transcription failed. The worker's transcription job reports the same reason.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { createApp } from '../../src/edge/app.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { createJobRunner } from '../../src/worker/jobs/runner.ts';
import { createTranscribeHandler } from '../../src/worker/jobs/transcribe.ts';
import { startFakeRecordings, type FakeRecordings } from '../fakes/fake-twilio-recordings.ts';
import { TEST_TOKEN, signedPost } from '../helpers/app.ts';
import { freePort } from '../helpers/processes.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { addCall } from './fixture.ts';

const SID = 'AC' + 'b'.repeat(32);

function setup(apiBaseUrl: string, authToken = TEST_TOKEN) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  const config = parseConfig({ TWILIO_AUTH_TOKEN: authToken, TWILIO_ACCOUNT_SID: SID, TWILIO_API_BASE_URL: apiBaseUrl, OPENAI_API_KEY: 'sk-test' });
  const store = createSqliteStore(':memory:');
  return { app: createApp({ store, config, logger }), store, config, lines, logger };
}

async function withVoiceMessage(env: ReturnType<typeof setup>, sid: string, url: string) {
  const call = await addCall(env.store, { sid, from: '+4915112345678', at: new Date(), consent: true });
  await signedPost(env.app, env.config, '/webhook/recording', { CallSid: sid, RecordingSid: 'RE' + sid, RecordingUrl: url, RecordingStatus: 'completed', RecordingDuration: '5' });
  return { call, rec: (await env.store.listRecordingsForCall(call.id))[0]! };
}

const warnings = (lines: Array<Record<string, unknown>>) => lines.filter((l) => (l.level as number) >= 40);

describe('a recording Twilio will not hand out', () => {
  let twilio: FakeRecordings;
  beforeAll(async () => (twilio = await startFakeRecordings(SID, TEST_TOKEN)));
  afterAll(() => twilio.close());

  it('deleted at Twilio (404): one warning line, and the player gets the reason in German', async () => {
    const env = setup(twilio.baseUrl);
    await createStaff(env.store);
    const s = await signIn(env.app);
    const { call, rec } = await withVoiceMessage(env, 'CAgone', twilio.urlFor('REgone'));
    const res = await s.get(`/calls/${call.id}/recordings/${rec.id}.mp3`, { Range: 'bytes=0-0' });
    expect(res.status).toBe(502);
    expect(await res.text()).toBe('Diese Aufnahme lässt sich nicht abspielen: Twilio hat sie nicht mehr (HTTP 404). Sie wurde gelöscht oder ist abgelaufen.');
    const warn = warnings(env.lines);
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({ level: 40, recordingId: rec.id, callId: call.id, problem: 'not_found', status: 404 });
    expect(warn[0]!.msg).toMatch(/Twilio has no such recording \(HTTP 404\)/);
    expect(JSON.stringify(warn[0])).not.toMatch(/stack|at .*\.ts:\d+/);
    // The page has the player, the script that shows that reason, and a place for it.
    const html = await (await s.get(`/calls/${call.id}`)).text();
    expect(html).toContain(`data-problem="problem-${rec.id}"`);
    expect(html).toContain(`<p class="notice error" id="problem-${rec.id}" role="status" hidden=""></p>`);
    expect(html).toContain('<script src="/static/recording.js" defer="">');
    expect((await env.app.request('/static/recording.js')).status).toBe(200);
  });

  it('wrong credentials (401) and Twilio unreachable: the reason says what to do', async () => {
    const wrong = setup(twilio.baseUrl, 'not-the-account-token');
    await createStaff(wrong.store);
    const s401 = await signIn(wrong.app, undefined, undefined, { 'Accept-Language': 'en' });
    const { call, rec } = await withVoiceMessage(wrong, 'CAauth', twilio.urlFor('REauth'));
    const r401 = await s401.get(`/calls/${call.id}/recordings/${rec.id}.mp3`, { 'Accept-Language': 'en' });
    expect(r401.status).toBe(502);
    expect(await r401.text()).toBe('This recording cannot be played: Twilio refused access (HTTP 401). An administrator should check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.');
    expect(warnings(wrong.lines)).toEqual([expect.objectContaining({ problem: 'refused', status: 401 })]);

    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = setup(closed);
    await createStaff(down.store);
    const s = await signIn(down.app, undefined, undefined, { 'Accept-Language': 'en' });
    const v = await withVoiceMessage(down, 'CAdown', `${closed}/2010-04-01/Accounts/${SID}/Recordings/REdown`);
    const r = await s.get(`/calls/${v.call.id}/recordings/${v.rec.id}.mp3`, { 'Accept-Language': 'en' });
    expect(r.status).toBe(502);
    expect(await r.text()).toBe('This recording cannot be played right now: Twilio could not be reached. Try again in a moment.');
    expect(warnings(down.lines)).toEqual([expect.objectContaining({ problem: 'unreachable', reason: expect.stringContaining('ECONNREFUSED') })]);
  });

  it('the transcription job fails with the same reason, and the call page shows it', async () => {
    const env = setup(twilio.baseUrl);
    await createStaff(env.store);
    const s = await signIn(env.app);
    const { call } = await withVoiceMessage(env, 'CAnotr', twilio.urlFor('REnotr'));
    const handler = createTranscribeHandler({ store: env.store, twilio: { accountSid: SID, authToken: TEST_TOKEN, apiBaseUrl: twilio.baseUrl }, openai: { apiKey: 'sk-test', baseUrl: 'http://127.0.0.1:9/v1', model: 'gpt-4o-transcribe' } });
    const runner = createJobRunner({ store: env.store, logger: env.logger, handlers: { transcribe: handler }, backoffMs: () => 0 });
    for (let i = 0; i < 5; i++) await runner.runOnce();
    const failed = env.lines.filter((l) => l.msg === 'job attempt failed');
    expect(failed).toHaveLength(5);
    expect(failed[0]).toMatchObject({ level: 40, callSid: 'CAnotr', err: 'Twilio has no such recording (HTTP 404): it was deleted, or is not ready yet' });
    const [t] = await env.store.listTranscriptsForCall(call.id);
    expect(t).toMatchObject({ status: 'failed', error: 'Twilio has no such recording (HTTP 404): it was deleted, or is not ready yet' });
    const html = await (await s.get(`/calls/${call.id}`)).text();
    expect(html).toContain('Transkription fehlgeschlagen');
    expect(html).toContain('Grund: Twilio has no such recording (HTTP 404): it was deleted, or is not ready yet');
  });
});
