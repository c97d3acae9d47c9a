// `npm run call -- --answer`: a local stand-in for the part of Twilio's REST API that call control
// uses (https://www.twilio.com/docs/voice/api/call-resource): "Create a Call" rings here, in the
// terminal, and the simulated phone answers it as a person, or (--machine) as an answering
// machine, then follows the TwiML like Twilio (src/sim/call.ts). "Update a Call" with
// Status=completed hangs the simulated call up. Point the edge's TWILIO_API_BASE_URL at it.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { placeCall, type CallerIO, type SimResult } from './call.ts';

export interface StandInOptions {
  /** What the edge uses: requests must carry Basic auth with these (the SID is any AC… when null). */
  accountSid: string | null;
  authToken: string;
  /** Where the edge really listens (the simulated Twilio posts its webhooks there). */
  targetUrl: string;
  publicBaseUrl: string;
  /** `machine`: answered by a machine after its greeting (AnsweredBy=machine_end_beep). */
  answer: 'human' | 'machine';
  port: number;
  host?: string;
  io: CallerIO;
  /** Each finished call (tests wait for it). */
  onCallEnded?: (r: SimResult) => void;
}

const API = '/2010-04-01';
/** How long the simulated phone rings before it is answered. */
const RING_MS = 1000;
const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');
const error = (res: ServerResponse, status: number, code: number, message: string) =>
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
async function form(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startRestStandIn(o: StandInOptions) {
  const live = new Map<string, AbortController>();

  function authorized(req: IncomingMessage, account: string): boolean {
    const m = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (!m) return false;
    const [user, pass] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
    return pass === o.authToken && user === account && (o.accountSid === null || user === o.accountSid);
  }

  function ring(callSid: string, p: URLSearchParams) {
    const hangUp = new AbortController();
    live.set(callSid, hangUp);
    const answeredBy = o.answer === 'human' ? 'human' : 'machine_end_beep';
    o.io.note(`\n[ringing: a callback to ${p.get('To')} from ${p.get('From')}; answered ${o.answer === 'human' ? 'by you' : 'by an answering machine'} (AnsweredBy=${answeredBy})]`);
    void placeCall(
      {
        targetUrl: o.targetUrl, publicBaseUrl: o.publicBaseUrl, authToken: o.authToken, callSid,
        from: p.get('From') ?? '', to: p.get('To') ?? '', signal: hangUp.signal,
        outbound: { url: p.get('Url')!, params: { AnsweredBy: answeredBy }, statusCallback: p.get('StatusCallback') ?? `${o.publicBaseUrl}/webhook/status` },
      },
      o.io,
    )
      .then((r) => {
        o.io.note(`[callback ${callSid} ended: ${r.ended === 'hangup' ? 'Liza hung up' : r.ended === 'caller_hangup' ? 'hung up' : 'end of instructions'}]`);
        o.onCallEnded?.(r);
      })
      .catch((err: Error) => o.io.note(`[callback ${callSid} failed: ${err.message}]`))
      .finally(() => live.delete(callSid));
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const create = new RegExp(`^${API}/Accounts/(AC\\w+)/Calls\\.json$`).exec(url.pathname);
      const update = new RegExp(`^${API}/Accounts/(AC\\w+)/Calls/(CA\\w+)\\.json$`).exec(url.pathname);
      const account = create?.[1] ?? update?.[1];
      if (req.method !== 'POST' || !account) return error(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
      if (!authorized(req, account)) return error(res, 401, 20003, 'Authentication Error - invalid username');
      const p = await form(req);
      if (create) {
        if (!p.get('To') || !p.get('From') || !p.get('Url')) return error(res, 400, 21205, 'To, From and Url are required.');
        const callSid = sid('CA');
        json(res, 201, { sid: callSid, account_sid: account, to: p.get('To'), from: p.get('From'), status: 'queued', direction: 'outbound-api', uri: `${API}/Accounts/${account}/Calls/${callSid}.json` });
        // The phone rings a moment after the answer, as with Twilio: the edge stores the CallSid first.
        setTimeout(() => ring(callSid, p), RING_MS);
        return;
      }
      const call = live.get(update![2]!);
      if (!call) return error(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
      if (p.get('Status') === 'completed') {
        o.io.note('[staff hung the call up]');
        call.abort();
      } else if (p.get('Twiml')) o.io.note(`[new instructions for the live call (the stand-in does not switch documents): ${p.get('Twiml')}]`);
      json(res, 200, { sid: update![2], account_sid: account, status: p.get('Status') === 'completed' ? 'completed' : 'in-progress' });
    })().catch((err: Error) => res.writeHead(500).end(err.message));
  });
  await new Promise<void>((resolve) => server.listen(o.port, o.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${o.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((r) => (live.forEach((c) => c.abort()), server.closeAllConnections(), server.close(() => r()))),
  };
}
