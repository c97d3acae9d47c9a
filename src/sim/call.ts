import { randomBytes } from 'node:crypto';
import { signTwilioRequest } from '../telephony/signature.ts';
import { parseTwiml, type SimVerb } from './twiml-parse.ts';

/** How the simulated caller hears and answers. The terminal and the tests each provide one. */
export interface CallerIO {
  say(text: string, lang: string | null): void;
  /** What the caller types at a Gather: digits, `*`, `#`; '' is "pressed nothing" (timeout). */
  keys(gather: { numDigits: number | null; finishOnKey: string; timeout: number; action?: string | null }): Promise<string>;
  /** Whether the dialled staff member answers. */
  dialAnswered(number: string): Promise<boolean>;
  note(message: string): void;
  /**
   * Runs the `<Connect><Stream>` leg (Twilio's side of the media stream) and resolves when the
   * stream has ended; only then does Twilio request the `<Connect action>`. Without it the
   * simulator streams nothing and the stream ends at once.
   */
  stream?(connect: { streamUrl: string; params: Record<string, string> }): Promise<void>;
}

export interface SimOptions {
  /** Where requests really go, e.g. http://127.0.0.1:3000 (defaults to the public URL). */
  targetUrl?: string;
  /** PUBLIC_BASE_URL: what Twilio calls, and so what it signs. */
  publicBaseUrl: string;
  authToken: string;
  from: string;
  to?: string;
  callSid?: string;
  /** The caller ID name (Twilio's `CallerName`, sent on every webhook of the call when caller name lookup is on). */
  callerName?: string;
  /** Extra headers on every request (tests use it to forge X-Forwarded-Host and the like). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** The caller hangs up (Ctrl-C in `npm run call`): the call stops and Twilio's `completed` callback is sent. */
  signal?: AbortSignal;
  /**
   * An outbound call (a callback placed through the REST API): Twilio requests the call's `Url`
   * with these extra parameters (e.g. AnsweredBy) instead of /webhook/voice, and posts status
   * callbacks to `statusCallback`.
   */
  outbound?: { url: string; params: Record<string, string>; statusCallback: string };
}

export interface SimRequest {
  url: string;
  params: Record<string, string>;
  status: number;
}

export interface SimResult {
  callSid: string;
  said: Array<{ text: string; lang: string | null }>;
  requests: SimRequest[];
  /** How the call ended: Liza hung up, the document ran out (Twilio then hangs up too), or the caller hung up. */
  ended: 'hangup' | 'end_of_document' | 'caller_hangup';
}

const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');

/**
 * Places one simulated inbound call with Twilio's semantics: POST /webhook/voice, then executes the
 * TwiML it gets back, following Gather actions, Redirects, Connect/Dial/Record actions, and signing
 * every request exactly as Twilio does (https://www.twilio.com/docs/usage/security#validating-requests).
 * At the end it sends the call status callback (`completed`) as a number's StatusCallback would.
 */
export async function placeCall(opts: SimOptions, io: CallerIO): Promise<SimResult> {
  const callSid = opts.callSid ?? sid('CA');
  const accountSid = sid('AC');
  const doFetch = opts.fetch ?? fetch;
  const base = opts.publicBaseUrl.replace(/\/+$/, '');
  const result: SimResult = { callSid, said: [], requests: [], ended: 'end_of_document' };
  const started = Date.now();
  // The caller putting the phone down wins over whatever the call is waiting for.
  const CALLER_HUNG_UP = Symbol('hung up');
  const hungUp = new Promise<typeof CALLER_HUNG_UP>((resolve) => {
    if (opts.signal?.aborted) resolve(CALLER_HUNG_UP);
    opts.signal?.addEventListener('abort', () => resolve(CALLER_HUNG_UP), { once: true });
  });
  const unlessHungUp = <T>(p: Promise<T>) => Promise.race([p, hungUp]);
  const callParams = {
    CallSid: callSid,
    AccountSid: accountSid,
    From: opts.from,
    To: opts.to ?? '+4930123456789',
    Direction: opts.outbound ? 'outbound-api' : 'inbound',
    ApiVersion: '2010-04-01',
    ...(opts.callerName !== undefined && { CallerName: opts.callerName }),
  };

  async function post(url: string, extra: Record<string, string>, status = 'in-progress'): Promise<string> {
    const absolute = new URL(url, base + '/').toString();
    const params = { ...callParams, CallStatus: status, ...extra };
    const signature = signTwilioRequest(opts.authToken, absolute, params);
    const target = opts.targetUrl ? new URL(new URL(absolute).pathname + new URL(absolute).search, opts.targetUrl).toString() : absolute;
    const res = await doFetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature, ...opts.headers },
      body: new URLSearchParams(params).toString(),
      // Twilio gives up on a webhook after 15 s; so does the simulator, rather than hang.
      signal: AbortSignal.timeout(15_000),
    });
    const body = await res.text();
    result.requests.push({ url: absolute, params, status: res.status });
    if (res.status !== 200) throw new Error(`${absolute} answered HTTP ${res.status}: ${body.slice(0, 200)}`);
    return body;
  }

  const speak = (v: Extract<SimVerb, { kind: 'say' }>) => {
    result.said.push({ text: v.text, lang: v.lang });
    io.say(v.text, v.lang);
  };

  /** Runs one document; returns the next document's XML, or null when the call is over. */
  async function run(xml: string, docUrl: string): Promise<{ xml: string; url: string } | null> {
    for (const verb of parseTwiml(xml)) {
      switch (verb.kind) {
        case 'say':
          speak(verb);
          break;
        case 'pause':
          break;
        case 'gather': {
          verb.says.forEach(speak);
          const typed = await unlessHungUp(io.keys(verb));
          if (typed === CALLER_HUNG_UP) return null;
          const digits = collectDigits(typed, verb.numDigits, verb.finishOnKey);
          // No digits (timeout, or only the finish key): Twilio skips the action and falls through.
          if (digits === null) break;
          const url = verb.action ?? docUrl;
          return { xml: await post(url, { Digits: digits }), url };
        }
        case 'redirect':
          return { xml: await post(verb.url, {}), url: verb.url };
        case 'hangup':
          result.ended = 'hangup';
          return null;
        case 'connect': {
          if (io.stream) {
            if ((await unlessHungUp(io.stream(verb))) === CALLER_HUNG_UP) return null;
          } else io.note(`[media stream to ${verb.streamUrl} with ${JSON.stringify(verb.params)}; the simulator does not stream audio, so the stream ends]`);
          if (!verb.action) break;
          return { xml: await post(verb.action, {}), url: verb.action };
        }
        case 'dial': {
          io.note(`[dialling ${verb.number}]`);
          const answered = await unlessHungUp(io.dialAnswered(verb.number));
          if (answered === CALLER_HUNG_UP) return null;
          const extra = { DialCallStatus: answered ? 'completed' : 'no-answer', DialCallDuration: answered ? '42' : '0', DialCallSid: sid('CA') };
          if (!verb.action) break;
          return { xml: await post(verb.action, extra), url: verb.action };
        }
        case 'record': {
          io.note('[recording a voice message: the simulator records 7 seconds of speech]');
          const recordingSid = sid('RE');
          const rec = {
            RecordingSid: recordingSid,
            RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}`,
            RecordingDuration: '7',
          };
          const next = verb.action ? await post(verb.action, { ...rec, Digits: 'hangup' }) : null;
          if (verb.statusCallback) await post(verb.statusCallback, { ...rec, RecordingStatus: 'completed', RecordingSource: 'RecordVerb', RecordingChannels: '1' });
          if (next !== null) return { xml: next, url: verb.action! };
          break;
        }
        case 'unknown':
          io.note(`[unknown TwiML verb <${verb.name}> skipped]`);
      }
    }
    return null;
  }

  const first = opts.outbound ? { url: opts.outbound.url, params: opts.outbound.params, status: 'in-progress' } : { url: `${base}/webhook/voice`, params: {}, status: 'ringing' };
  let doc: { xml: string; url: string } | null = { xml: await post(first.url, first.params, first.status), url: first.url };
  for (let turns = 0; doc && turns < 200 && !opts.signal?.aborted; turns++) doc = await run(doc.xml, doc.url);
  if (opts.signal?.aborted) result.ended = 'caller_hangup';
  // Sent however the call ended, as Twilio does when either side hangs up.
  const duration = String(Math.max(1, Math.round((Date.now() - started) / 1000)));
  await post(opts.outbound?.statusCallback ?? `${base}/webhook/status`, { CallDuration: duration }, 'completed');
  return result;
}

/**
 * What Twilio submits for what the caller typed: digits up to the finish key (or numDigits), or
 * null when nothing would be submitted (no key, or only the finish key).
 */
export function collectDigits(typed: string, numDigits: number | null, finishOnKey: string): string | null {
  let digits = '';
  for (const ch of typed) {
    if (finishOnKey && ch === finishOnKey) return digits === '' ? null : digits;
    digits += ch;
    if (numDigits !== null && digits.length >= numDigits) return digits;
  }
  return digits === '' ? null : digits;
}
