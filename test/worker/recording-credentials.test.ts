// Issue 11 point 8: Twilio's credentials go only to TWILIO_API_BASE_URL's host, from the worker's
// transcription job and from the edge's recording player alike. Another host is a real HTTP
// server here that records every Authorization header it is sent.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { createJobRunner } from '../../src/worker/jobs/runner.ts';
import { createTranscribeHandler } from '../../src/worker/jobs/transcribe.ts';
import { startFakeOpenAiHttp, type FakeOpenAiHttp } from '../fakes/fake-openai-http.ts';
import { startFakeRecordings, type FakeRecordings } from '../fakes/fake-twilio-recordings.ts';
import { makeApp, TEST_TOKEN } from '../helpers/app.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { leaveVoiceMessage } from './helpers.ts';

const SID = 'AC' + 'b'.repeat(32);
let recordings: FakeRecordings;
let openai: FakeOpenAiHttp;
let evil: Server;
let evilBase: string;
const evilSaw: Array<{ path: string; authorization: string | undefined }> = [];

beforeAll(async () => {
  recordings = await startFakeRecordings(SID, TEST_TOKEN);
  openai = await startFakeOpenAiHttp();
  evil = createServer((req, res) => {
    evilSaw.push({ path: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'Content-Type': 'audio/mpeg' }).end('stolen?');
  });
  evil.listen(0, '127.0.0.1');
  await once(evil, 'listening');
  evilBase = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await recordings.close();
  await openai.close();
  evil.closeAllConnections();
  await new Promise((r) => evil.close(r));
});

const transcriber = (store: ReturnType<typeof createSqliteStore>, accountSid: string | null) =>
  createTranscribeHandler({ store, twilio: { accountSid, authToken: TEST_TOKEN, apiBaseUrl: recordings.baseUrl }, openai: { apiKey: 'sk-test', baseUrl: openai.baseUrl, model: 'gpt-4o-transcribe' } });

describe('recording credentials', () => {
  it('the transcription job never sends them to a RecordingUrl on another host, and fails it at once', async () => {
    const store = createSqliteStore(':memory:');
    const { call } = await leaveVoiceMessage(store, 'CAevil1', 'REevil1', `${evilBase}/2010-04-01/Accounts/${SID}/Recordings/REevil1`);
    const log = captureLog('info');
    const runner = createJobRunner({ store, logger: log.logger, handlers: { transcribe: transcriber(store, SID) }, backoffMs: () => 0 });
    await runner.runOnce();
    expect(evilSaw).toEqual([]);
    const [t] = await store.listTranscriptsForCall(call.id);
    expect(t).toMatchObject({ status: 'failed', error: expect.stringContaining('not on the Twilio API host') });
    expect(await runner.runOnce()).toBe(false); // not retried: it will not move to Twilio's host
    await store.close();
  });

  it('follows Twilio redirecting the media elsewhere without the credentials', async () => {
    const store = createSqliteStore(':memory:');
    // A recording Twilio serves from its storage: the API answers 302 to another host.
    const redirecting = createServer((req, res) => {
      if (req.url?.includes('/Recordings/')) res.writeHead(302, { Location: `${evilBase}/storage/REredir.mp3` }).end();
      else res.writeHead(404).end();
    });
    redirecting.listen(0, '127.0.0.1');
    await once(redirecting, 'listening');
    const api = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
    const { call } = await leaveVoiceMessage(store, 'CAredir', 'REredir', `${api}/2010-04-01/Accounts/${SID}/Recordings/REredir`);
    const handler = createTranscribeHandler({ store, twilio: { accountSid: SID, authToken: TEST_TOKEN, apiBaseUrl: api }, openai: { apiKey: 'sk-test', baseUrl: openai.baseUrl, model: 'gpt-4o-transcribe' } });
    await createJobRunner({ store, logger: captureLog().logger, handlers: { transcribe: handler } }).runOnce();
    expect(evilSaw).toEqual([{ path: '/storage/REredir.mp3', authorization: undefined }]);
    expect((await store.listTranscriptsForCall(call.id))[0]).toMatchObject({ status: 'done' });
    evilSaw.length = 0;
    redirecting.closeAllConnections();
    await new Promise((r) => redirecting.close(r));
    await store.close();
  });

  it('without TWILIO_ACCOUNT_SID, signs in as the account of the signed recording callback', async () => {
    const store = createSqliteStore(':memory:');
    recordings.put('REnosid', Buffer.from('ID3 bytes'));
    const { call } = await leaveVoiceMessage(store, 'CAnosid', 'REnosid', recordings.urlFor('REnosid'));
    await createJobRunner({ store, logger: captureLog().logger, handlers: { transcribe: transcriber(store, null) } }).runOnce();
    expect(recordings.requests.at(-1)).toMatchObject({ path: expect.stringMatching(/REnosid\.mp3$/), status: 200 });
    expect((await store.listTranscriptsForCall(call.id))[0]).toMatchObject({ status: 'done' });
    await store.close();
  });

  it("the edge's recording player refuses another host the same way", async () => {
    const { app, store } = makeApp({ TWILIO_API_BASE_URL: recordings.baseUrl, TWILIO_ACCOUNT_SID: SID });
    await createStaff(store);
    const { call, rec } = await leaveVoiceMessage(store, 'CAevil2', 'REevil2', `${evilBase}/2010-04-01/Accounts/${SID}/Recordings/REevil2`);
    const s = await signIn(app);
    const res = await s.get(`/calls/${call.id}/recordings/${rec.id}.mp3`);
    expect(res.status).toBe(502);
    expect(evilSaw).toEqual([]);
  });
});
