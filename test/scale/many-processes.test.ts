// Issue 6, "many processes": two edges and two workers on one PostgreSQL database behind nginx
// (round-robin), 200 concurrent simulated calls. Afterwards every call and order is stored
// exactly once, and every call's trail is the one a single edge leaves for the same key presses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeCall, type SimResult } from '../../src/sim/call.ts';
import { createStore, type Store } from '../../src/store/index.ts';
import type { CallEvent } from '../../src/domain/index.ts';
import { startFakeOpenAiHttp, type FakeOpenAiHttp } from '../fakes/fake-openai-http.ts';
import { startFakeRecordings, type FakeRecordings } from '../fakes/fake-twilio-recordings.ts';
import { makeApp } from '../helpers/app.ts';
import { hasProgram, reportMissingProgram } from '../helpers/processes.ts';
import { walkCall } from '../helpers/sim.ts';
import { createTempDb, requirePg, type TempDb } from '../store/pg-harness.ts';
import { eventually } from '../worker/helpers.ts';
import { startCluster, type Cluster } from './cluster.ts';
import { httpsFetchFrom } from './https-from.ts';
import { withLocalRecordings } from './local-recordings.ts';
import { journey, THINK_SEED, thinkingCaller, type Journey } from './journeys.ts';

const CALLS = 200;
/** Source addresses the webhooks come from, as Twilio's come from a pool of addresses. */
const SOURCES = 20;
const TOKEN = 'many-processes-token-0123456789';
const ACCOUNT = 'AC' + 'd'.repeat(32);

const nginxHere = hasProgram('nginx', ['-v']);
reportMissingProgram(nginxHere, 'nginx', 'the many-processes test runs the shipped nginx site (apt-get install nginx)');

/** What a user sees of a call's timeline; ids, times and sids differ between runs. */
const trail = (events: CallEvent[]) => events.map((e) => ({ kind: e.kind, step: e.step, digits: e.digits, detail: e.kind === 'ivr' ? e.detail : null }));

if ((await requirePg()) && nginxHere) {
  describe('two edges and two workers on PostgreSQL behind nginx', () => {
    let db: TempDb;
    let store: Store;
    let recordings: FakeRecordings;
    let openai: FakeOpenAiHttp;
    let cluster: Cluster;
    const walked: Array<{ j: Journey; r: SimResult }> = [];

    beforeAll(async () => {
      db = await createTempDb();
      recordings = await startFakeRecordings(ACCOUNT, TOKEN);
      openai = await startFakeOpenAiHttp();
      openai.respond = (r) => ({ status: 200, body: { text: `transcript of ${r.filename!.replace(/\.mp3$/, '')}` } });
      cluster = await startCluster({ databaseUrl: db.url, authToken: TOKEN, accountSid: ACCOUNT, openaiBaseUrl: openai.baseUrl, twilioApiBaseUrl: recordings.baseUrl });
      store = await createStore(`${db.url}?max=3`);
    }, 120_000);

    afterAll(async () => {
      await cluster?.stop();
      await store?.close();
      await recordings?.close();
      await openai?.close();
      await db?.drop();
    });

    it(`walks ${CALLS} concurrent calls through nginx; every call and order is stored exactly once`, async () => {
      console.log(`[many-processes] callers' think times from THINK_SEED=${THINK_SEED}`);
      const fetches = Array.from({ length: SOURCES }, (_, k) => withLocalRecordings(httpsFetchFrom(cluster.ca, `127.0.0.${10 + k}`), recordings, TOKEN));
      const results = await Promise.all(
        Array.from({ length: CALLS }, async (_, i) => {
          const j = journey(i);
          const caller = thinkingCaller(i, j.keys);
          const r = await placeCall({ publicBaseUrl: cluster.publicBaseUrl, authToken: TOKEN, from: j.from, fetch: fetches[i % SOURCES] }, caller);
          expect(caller.remaining(), `call ${i} (${j.kind}) left keys unused`).toBe(0);
          expect(r.ended).toBe('hangup');
          return { j, r };
        }),
      );
      walked.push(...results);

      const page = await store.listCalls({}, { offset: 0, limit: CALLS + 10, countCap: 10_000 });
      expect(page.total).toBe(CALLS);
      expect(new Set(page.rows.map((c) => c.callSid))).toEqual(new Set(results.map((x) => x.r.callSid)));
      const confirmed = new Set(results.flatMap((x) => (x.j.saved ? [x.j.saved] : [])));
      const orders = await store.listOrders({}, { offset: 0, limit: 100, countCap: 10_000 });
      expect(orders.rows.map((o) => o.number).sort()).toEqual([...confirmed].sort());
      // Every confirming call is linked to its order, once.
      expect(orders.rows.reduce((n, o) => n + o.callCount, 0)).toBe(results.filter((x) => x.j.saved).length);
    }, 180_000);

    it('no step lost its state: each call left the trail a single edge leaves for the same keys', async () => {
      expect(walked).toHaveLength(CALLS);
      const ref = makeApp({ OPENAI_API_KEY: 'sk-cluster' });
      for (const { j, r } of walked) {
        const expected = await walkCall(ref.app, ref.config, j.from, [...j.keys]);
        const refCall = (await ref.store.getCallBySid(expected.callSid))!;
        const call = (await store.getCallBySid(r.callSid))!;
        const label = `${j.kind} call from ${j.from}`;
        expect(trail(await store.listCallEvents(call.id)), label).toEqual(trail(await ref.store.listCallEvents(refCall.id)));
        expect({ ...call, id: 0, callSid: '', startedAt: 0, endedAt: 0, durationS: 0 }, label).toEqual({ ...refCall, id: 0, callSid: '', startedAt: 0, endedAt: 0, durationS: 0 });
        expect((await store.getConsent(call.id))?.given ?? null, label).toBe(j.kind === 'decline' ? false : true);
        expect((await store.listOrdersForCall(call.id)).map((o) => [o.number, o.status]), label).toEqual(j.saved ? [[j.saved, 'received']] : []);
      }
      await ref.store.close();
    }, 120_000);

    it('the two workers transcribe every voice message exactly once', async () => {
      const voicemails = walked.filter((x) => x.j.kind === 'voicemail');
      const jobs = await eventually(() => store.listJobs({ kind: 'transcribe' }), (js) => js.length === voicemails.length && js.every((j) => j.status === 'done'));
      expect(jobs.every((j) => j.attempts === 1)).toBe(true);
      const files = openai.requests.map((q) => q.filename);
      expect(files).toHaveLength(voicemails.length);
      expect(new Set(files).size).toBe(voicemails.length);
      for (const { r } of voicemails) {
        const call = (await store.getCallBySid(r.callSid))!;
        const [rec] = await store.listRecordingsForCall(call.id);
        expect(await store.listTranscriptsForCall(call.id)).toMatchObject([{ status: 'done', text: `transcript of ${rec!.recordingSid}` }]);
      }
    }, 90_000);

    it('nginx spread the webhooks over both edges, so calls moved between edges mid-journey', async () => {
      // nginx writes a request's log line after it answered: wait for the lines, not for time.
      const sent = walked.reduce((n, x) => n + x.r.requests.length, 0);
      const webhooks = await eventually(() => cluster.accessLog().filter((l) => l.includes(' POST /webhook/')), (ls) => ls.length >= sent, 'every webhook in the access log');
      expect(webhooks.length).toBe(sent);
      expect(webhooks.every((l) => l.split(' ')[3] === '200')).toBe(true);
      const edges = cluster.edgePorts.map((p) => `127.0.0.1:${p}`);
      for (const e of edges) expect(webhooks.filter((l) => l.startsWith(`${e} `)).length).toBeGreaterThan(webhooks.length * 0.4);
      const edgesOf = new Map<string, Set<string>>();
      for (const l of webhooks) {
        const sid = /CallSid=(CA\w+)/.exec(l)?.[1];
        if (sid) (edgesOf.get(sid) ?? edgesOf.set(sid, new Set()).get(sid)!).add(l.split(' ')[0]!);
      }
      expect(edgesOf.size).toBe(CALLS);
      // Round-robin over interleaved calls: most calls (a declined one has only 3 webhooks) were
      // served by both edges, each step picking up the state the other edge stored.
      expect([...edgesOf.values()].filter((s) => s.size === 2).length).toBeGreaterThan(CALLS / 2);
    });
  });
}
