import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMPTS_OUTSIDE_TABLE } from '../../src/ivr/flow.ts';
import { makeApp, signedPost } from '../helpers/app.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { addCall } from './fixture.ts';

const SID = 'AC' + '0'.repeat(31) + '1';
const MP3 = Buffer.from('ID3fake-mp3-bytes-0123456789');

/** A local stand-in for Twilio's media host: Basic auth required, Range honoured. */
function fakeTwilioMedia(token: string) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url!);
    if (req.headers.authorization !== `Basic ${Buffer.from(`${SID}:${token}`).toString('base64')}`) return res.writeHead(401).end();
    if (!req.url!.endsWith('.mp3')) return res.writeHead(404).end();
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Number(range[2]) : MP3.length - 1;
      res.writeHead(206, { 'Content-Type': 'audio/mpeg', 'Content-Range': `bytes ${start}-${end}/${MP3.length}`, 'Content-Length': end - start + 1 });
      return res.end(MP3.subarray(start, end + 1));
    }
    res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': MP3.length }).end(MP3);
  });
  return { server, seen };
}

describe('call and order detail pages', () => {
  let media: ReturnType<typeof fakeTwilioMedia>;
  let base = '';
  let env: ReturnType<typeof makeApp>;
  let s: Awaited<ReturnType<typeof signIn>>;
  let callId = 0;

  beforeAll(async () => {
    media = fakeTwilioMedia('test-auth-token-0123456789');
    await new Promise<void>((r) => media.server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(media.server.address() as { port: number }).port}`;
    env = makeApp({ TWILIO_ACCOUNT_SID: SID, TWILIO_API_BASE_URL: base });
    await createStaff(env.store);
    s = await signIn(env.app);
    const call = await addCall(env.store, { sid: 'CAdetail', from: '+4915112345678', at: new Date('2026-11-20T09:15:00Z'), consent: true, order: '4711', callerName: 'Erika Muster' });
    callId = call.id;
    await env.store.addCallEvent('CAdetail', { key: 'ai:1', kind: 'ai', step: 'user', text: 'Wo bleibt mein Paket?', at: new Date('2026-11-20T09:16:00Z') });
    await env.store.addCallEvent('CAdetail', { key: 'ai:2', kind: 'ai', step: 'assistant', text: 'Ihre Bestellung ist unterwegs.', at: new Date('2026-11-20T09:16:05Z') });
    await signedPost(env.app, env.config, '/webhook/recording', {
      CallSid: 'CAdetail', RecordingSid: 'RE123', RecordingUrl: `${base}/2010-04-01/Accounts/${SID}/Recordings/RE123`, RecordingStatus: 'completed', RecordingDuration: '12',
    });
    const rec = (await env.store.listRecordingsForCall(callId))[0]!;
    await env.store.setTranscript(rec.id, { status: 'done', text: 'Bitte rufen Sie mich zurück.' });
  });
  afterAll(() => new Promise<void>((r) => media.server.close(() => r())));

  it('shows number, language, status, duration, every step with its keys, consent, order, recording and transcripts', async () => {
    const html = await (await s.get(`/calls/${callId}`)).text();
    expect(html).toContain('<h1>+49 1511 2345678</h1>');
    expect(html).toContain('Erika Muster');
    expect(html).toMatch(/Sprache<\/dt><dd>Deutsch/);
    expect(html).toContain('Antwort zur Einwilligung');
    expect(html).toContain('<kbd>4711</kbd>');
    // The prompts said, in the caller's language, from the same locale files the IVR speaks.
    expect(html).toContain('<li lang="de-DE">Damit ich Ihnen helfen kann');
    expect(html).toMatch(/erteilt am 20\.11\.2026, 10:15:08/); // Berlin time, German format
    expect(html).toMatch(/href="\/orders\/\d+">4711<\/a>/);
    expect(html).toContain(`src="/calls/${callId}/recordings/1.mp3"`);
    expect(html).not.toContain(base);
    expect(html).not.toContain('api.twilio.com');
    expect(html).toContain('Bitte rufen Sie mich zurück.');
    expect(html).toContain('Wo bleibt mein Paket?');
    expect(html).toContain('Ihre Bestellung ist unterwegs.');
  });

  it('streams the recording through the edge with Twilio credentials, honouring Range, only with a session', async () => {
    const res = await s.get(`/calls/${callId}/recordings/1.mp3`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(MP3);
    expect(media.seen.at(-1)).toBe(`/2010-04-01/Accounts/${SID}/Recordings/RE123.mp3`);
    const part = await s.get(`/calls/${callId}/recordings/1.mp3`, { Range: 'bytes=3-6' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 3-6/${MP3.length}`);
    expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('fake');
    expect((await env.app.request(`/calls/${callId}/recordings/1.mp3`)).status).toBe(303);
    expect((await s.get(`/calls/${callId + 1}/recordings/1.mp3`)).status).toBe(404);
  });

  it('does not fetch recordings from hosts other than the Twilio API', async () => {
    await signedPost(env.app, env.config, '/webhook/recording', {
      CallSid: 'CAdetail', RecordingSid: 'RE999', RecordingUrl: 'http://169.254.169.254/latest/meta-data', RecordingStatus: 'completed',
    });
    const before = media.seen.length;
    expect((await s.get(`/calls/${callId}/recordings/2.mp3`)).status).toBe(502);
    expect(media.seen.length).toBe(before);
  });

  it('shows an order with its calls and a 404 page for unknown ids', async () => {
    const order = (await env.store.getOrderByNumber('4711'))!;
    const html = await (await s.get(`/orders/${order.id}`)).text();
    expect(html).toContain('Bestellung 4711');
    expect(html).toContain(`href="/calls/${callId}"`);
    expect(html).toContain('Noch keine Notizen.');
    expect((await s.get('/orders/99999')).status).toBe(404);
    expect((await s.get('/calls/99999')).status).toBe(404);
    expect((await s.get('/calls/abc')).status).toBe(404);
  });

  it('draws the call flow from the IVR table with both languages\' prompts', async () => {
    const html = await (await s.get('/flow')).text();
    for (const node of ['consent', 'order', 'order_confirm', 'help']) expect(html).toContain(`id="node-${node}"`);
    expect(html).toContain('If that&#39;s all right, press 1. If not, press 2.');
    expect(html).toContain('Thank you for calling Liza Demo GmbH. This is Liza, the digital assistant.');
    expect(html).toMatch(/<kbd>9<\/kbd>/);
    expect(html).toContain('Your order has shipped');
    expect(html).toContain('Your order has been dispatched');
    // What is said outside the table has its own list, each prompt once (and none of the table's).
    const others = html.slice(html.lastIndexOf('<section class="card">'));
    for (const key of PROMPTS_OUTSIDE_TABLE.filter((k) => k !== 'greeting')) expect(others).toContain(`<code>${key}</code>`);
    expect(others).not.toContain('<code>consent.retry</code>');
    // The diagram is drawn from the same table: every state, and the keys on the arcs.
    const svg = /<svg class="flow-diagram"[\s\S]*?<\/svg>/.exec(html)![0];
    expect((svg.match(/<g class="node /g) ?? []).length).toBe(10);
    expect(svg).toContain('>4–12#</text>');
    expect(svg).toContain('>2 · 3×</text>'); // consent: 2 or three misses end the call
  });

  it('renders the dashboard with SVG charts, orders by status, average length and live calls, and streams live updates', async () => {
    const now = new Date();
    // The caller ID name is stored once the caller consented (issue 15); the call is still live.
    await addCall(env.store, { sid: 'CAlive', from: '+4915100000001', at: now, consent: true, callerName: 'Live Caller' });
    await addCall(env.store, { sid: 'CAdone', from: '+4915100000002', at: new Date(now.getTime() - 86_400_000), consent: true, order: '4711', endAfter: 90 });
    const html = await (await s.get('/')).text();
    expect((html.match(/<svg class="chart/g) ?? []).length).toBe(2);
    expect((html.match(/<rect class="bar"/g) ?? []).length).toBe(60);
    expect(html).toContain('Live Caller');
    expect(html).toContain('1:30'); // the one finished call in the last 30 days lasted 90 s
    expect(html).toContain('<script src="/static/live.js"');
    const res = await s.get('/live');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toContain('event: live');
    expect(text).toContain('Live Caller');
  });
});
