// A local stand-in for Twilio's REST API (https://www.twilio.com/docs/usage/api): real HTTP,
// Twilio's paths, form fields, JSON resources and error shape, HTTP Basic auth with the account
// SID and auth token. Point TWILIO_API_BASE_URL at `baseUrl`. Every request is recorded, and a
// test can script failures. Shared by twilio:setup, doctor, call control and privacy tests.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  accountResource, API, newCall, newNumber, NUMBER_FIELDS, page, rfc2822,
  type CallResource, type CallStatus, type NumberResource,
} from './fake-twilio-rest-resources.ts';

export type { CallResource, NumberResource } from './fake-twilio-rest-resources.ts';

export interface RestRequest {
  method: string;
  /** Path without the query, e.g. /2010-04-01/Accounts/AC…/IncomingPhoneNumbers.json */
  path: string;
  query: Record<string, string>;
  /** The url-encoded form body (POST); a repeated field keeps its last value here. */
  form: Record<string, string>;
  /** Every value of every field, in order (twilio-node sends a list such as StatusCallbackEvent as repeated fields). */
  formAll: Record<string, string[]>;
  authorized: boolean;
  status: number;
}

export interface ScriptedFailure {
  method?: string;
  /** Matched against the path (no query). */
  path?: RegExp;
  status: number;
  code: number;
  message?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface FakeTwilioRest {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  requests: RestRequest[];
  /** Requests that changed something (POST, DELETE), for "nothing was changed" assertions. */
  writes(): RestRequest[];
  addNumber(phoneNumber: string, init?: Partial<NumberResource>): NumberResource;
  number(phoneNumber: string): NumberResource | undefined;
  calls: Map<string, CallResource>;
  /** A call Twilio knows as in progress (an inbound caller on the line), for live call control. */
  addLiveCall(callSid: string, init?: Partial<CallResource>): CallResource;
  /** Moves a call on (e.g. to `completed`, after which updates get 20404). */
  setCallStatus(callSid: string, status: CallStatus): void;
  /** Recording SIDs that exist (DELETE removes them; an unknown one answers 404). */
  recordings: Set<string>;
  failNext(f: ScriptedFailure): void;
  /**
   * Holds the next matching request unanswered (a process "dies" mid-request): `reached` resolves
   * when it arrives; `drop()` then destroys its connection without an answer, `release()` answers it.
   */
  holdNext(f: { method?: string; path: RegExp }): { reached: Promise<void>; drop(): void; release(): void };
  /**
   * Runs `before(answer, form)` after the next matching request is handled but before its answer is
   * sent, as Twilio's first StatusCallback (`initiated`) may reach the app before calls.create returns.
   */
  beforeAnswerNext(f: { method?: string; path: RegExp; before: (answer: unknown, form: Record<string, string>) => Promise<void> }): void;
  close(): Promise<void>;
}

export interface FakeTwilioRestOptions {
  accountSid?: string;
  authToken?: string;
  /** Listen address (default 127.0.0.1; a docker network's gateway for containers). */
  host?: string;
  port?: number;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  if (status === 204) return void res.writeHead(204).end();
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
};

/** Twilio's error body: https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions */
const twilioError = (status: number, code: number, message: string) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function allValues(params: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of params) (out[k] ??= []).push(v);
  return out;
}

export async function startFakeTwilioRest(opts: FakeTwilioRestOptions = {}): Promise<FakeTwilioRest> {
  const accountSid = opts.accountSid ?? 'AC' + '0123456789abcdef'.repeat(2);
  const authToken = opts.authToken ?? 'fake-twilio-auth-token-0123';
  const numbers = new Map<string, NumberResource>();
  const calls = new Map<string, CallResource>();
  const recordings = new Set<string>();
  const requests: RestRequest[] = [];
  const failures: Array<ScriptedFailure & { left: number }> = [];
  type Hold = { method?: string; path: RegExp; taken: boolean; arrived: () => void; go: Promise<'drop' | 'release'>; decide: (d: 'drop' | 'release') => void };
  const holds: Hold[] = [];
  const preAnswers: Array<Parameters<FakeTwilioRest['beforeAnswerNext']>[0]> = [];
  const expected = 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64');
  const acct = `${API}/Accounts/${accountSid}`;

  type Handler = (m: RegExpExecArray, q: URLSearchParams, form: Record<string, string>) => [number, unknown];
  const notFound = (path: string): [number, unknown] => [404, twilioError(404, 20404, `The requested resource ${path} was not found`)];
  const routes: Array<[string, RegExp, Handler]> = [
    ['GET', new RegExp(`^${API}/Accounts/(AC\\w+)\\.json$`), () => [200, accountResource(accountSid, authToken)]],
    ['GET', new RegExp(`^${acct}/IncomingPhoneNumbers\\.json$`), (_m, q) => {
      let list = [...numbers.values()];
      const want = q.get('PhoneNumber');
      if (want) list = list.filter((n) => n.phone_number === want);
      const friendly = q.get('FriendlyName');
      if (friendly) list = list.filter((n) => n.friendly_name === friendly);
      return [200, page('incoming_phone_numbers', `${acct}/IncomingPhoneNumbers.json`, q, list)];
    }],
    ['GET', new RegExp(`^${acct}/IncomingPhoneNumbers/(PN\\w+)\\.json$`), (m) => {
      const n = [...numbers.values()].find((x) => x.sid === m[1]);
      return n ? [200, n] : notFound(m[0]);
    }],
    ['POST', new RegExp(`^${acct}/IncomingPhoneNumbers/(PN\\w+)\\.json$`), (m, _q, form) => {
      const n = [...numbers.values()].find((x) => x.sid === m[1]);
      if (!n) return notFound(m[0]);
      for (const [field, value] of Object.entries(form)) {
        const key = NUMBER_FIELDS[field];
        if (!key) continue;
        if (/Url$|^StatusCallback$/.test(field) && value !== '' && !/^https?:\/\//.test(value)) {
          return [400, twilioError(400, 21502, `${field} is not valid`)];
        }
        n[key] = value;
      }
      n.date_updated = rfc2822();
      return [200, n];
    }],
    ['POST', new RegExp(`^${acct}/Calls\\.json$`), (_m, _q, form) => {
      if (!form.To) return [400, twilioError(400, 21201, "No 'To' number is specified")];
      if (!form.From) return [400, twilioError(400, 21213, "No 'From' number is specified")];
      if (!form.Url && !form.Twiml && !form.ApplicationSid) return [400, twilioError(400, 21205, 'Url parameter is required.')];
      const call = newCall(accountSid, form);
      calls.set(call.sid, call);
      return [201, call];
    }],
    ['GET', new RegExp(`^${acct}/Calls/(CA\\w+)\\.json$`), (m) => {
      const c = calls.get(m[1]!);
      return c ? [200, c] : notFound(m[0]);
    }],
    ['POST', new RegExp(`^${acct}/Calls/(CA\\w+)\\.json$`), (m, _q, form) => {
      const c = calls.get(m[1]!);
      // Twilio answers 20404 for a call that is unknown or already over.
      if (!c || ['completed', 'canceled', 'failed', 'busy', 'no-answer'].includes(c.status)) return notFound(m[0]);
      if (form.Status === 'completed' || form.Status === 'canceled') c.status = form.Status;
      if (form.Url) c.url = form.Url;
      if (form.Twiml) c.twiml = form.Twiml;
      c.date_updated = rfc2822();
      return [200, c];
    }],
    ['DELETE', new RegExp(`^${acct}/Recordings/(RE\\w+)\\.json$`), (m) => {
      if (!recordings.delete(m[1]!)) return notFound(m[0]);
      return [204, null];
    }],
  ];

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const params = req.method === 'POST' ? await readForm(req) : new URLSearchParams();
      const form = Object.fromEntries(params);
      const formAll = allValues(params);
      const authorized = req.headers.authorization === expected;
      const record = (status: number) =>
        requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), form, formAll, authorized, status });
      if (!authorized) {
        record(401);
        res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
        return json(res, 401, twilioError(401, 20003, 'Authentication Error - invalid username'));
      }
      const h = holds.find((x) => !x.taken && (!x.method || x.method === req.method) && x.path.test(url.pathname));
      if (h) {
        h.taken = true;
        h.arrived();
        if ((await h.go) === 'drop') {
          record(0);
          return void req.socket.destroy();
        }
      }
      const f = failures.find((x) => x.left > 0 && (!x.method || x.method === req.method) && (!x.path || x.path.test(url.pathname)));
      if (f) {
        f.left--;
        record(f.status);
        return json(res, f.status, twilioError(f.status, f.code, f.message ?? `Scripted failure ${f.code}`));
      }
      for (const [method, re, handler] of routes) {
        const m = re.exec(url.pathname);
        if (!m || method !== req.method) continue;
        const [status, body] = handler(m, url.searchParams, form);
        const pre = preAnswers.findIndex((x) => (!x.method || x.method === req.method) && x.path.test(url.pathname));
        if (pre >= 0) await preAnswers.splice(pre, 1)[0]!.before(body, form);
        record(status);
        return json(res, status, body);
      }
      record(404);
      json(res, 404, notFound(url.pathname)[1]);
    })().catch((err: Error) => {
      res.writeHead(500).end(String(err));
    });
  });
  server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    accountSid,
    authToken,
    requests,
    writes: () => requests.filter((r) => r.method === 'POST' || r.method === 'DELETE'),
    holdNext(f) {
      let arrived!: () => void;
      let decide!: (d: 'drop' | 'release') => void;
      const reached = new Promise<void>((r) => (arrived = r));
      const go = new Promise<'drop' | 'release'>((r) => (decide = r));
      holds.push({ ...f, taken: false, arrived, go, decide });
      return { reached, drop: () => decide('drop'), release: () => decide('release') };
    },
    beforeAnswerNext(f) {
      preAnswers.push(f);
    },
    addNumber(phoneNumber, init) {
      const n = newNumber(accountSid, phoneNumber, init);
      numbers.set(phoneNumber, n);
      return n;
    },
    number: (phoneNumber) => numbers.get(phoneNumber),
    calls,
    addLiveCall(callSid, init) {
      const c: CallResource = { ...newCall(accountSid, { From: '+4915100000000', To: '+4930123456' }), direction: 'inbound', status: 'in-progress', ...init, sid: callSid };
      calls.set(callSid, c);
      return c;
    },
    setCallStatus(callSid, status) {
      const c = calls.get(callSid);
      if (!c) throw new Error(`no call ${callSid}`);
      c.status = status;
    },
    recordings,
    failNext(f) {
      failures.push({ ...f, left: f.times ?? 1 });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
