// A local stand-in for Twilio's side of a bidirectional Media Stream, over a real WebSocket: it
// signs the upgrade like Twilio, sends connected/start/media/stop, plays what it receives at
// 8 bytes per ms, echoes marks as that playback reaches them, and honours `clear`.
import { signTwilioRequest } from '../../src/telephony/signature.ts';
import { createStreamToken } from '../../src/telephony/stream-token.ts';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { tracked } from '../helpers/wait.ts';

export const FRAME_BYTES = 160; // 20 ms of µ-law at 8 kHz

export interface FakeTwilioOptions {
  /** Where to connect, e.g. ws://127.0.0.1:PORT/media. */
  url: string;
  authToken: string;
  /** The URL Twilio signs (PUBLIC_MEDIA_URL); defaults to `url`. */
  signedUrl?: string;
  /** Send this signature instead of a valid one (forgery tests); null sends none. */
  signature?: string | null;
  callSid?: string;
  streamSid?: string;
  /** <Parameter>s from the TwiML: call, lang, order (and token, see streamToken). */
  customParameters?: Record<string, string>;
  /**
   * The per-call stream token sent as <Parameter name="token"> unless customParameters has one:
   * by default a valid one for the call (as the edge makes it); null sends none.
   */
  streamToken?: string | null;
  /** 'playback' (default): echo marks as simulated real-time playback reaches them; 'manual': only via echoMarks(). */
  marks?: 'playback' | 'manual';
  /** PEM of the CA to trust for a wss:// URL (a test certificate, e.g. nginx in front of the worker). */
  ca?: string;
  /** Source address of the connection (Twilio's streams come from many addresses). */
  localAddress?: string;
}

export interface FakeTwilioStream {
  readonly ws: WebSocket;
  readonly streamSid: string;
  readonly callSid: string;
  /** Sends `connected` and `start`. */
  start(): void;
  sendFrame(frame: Buffer): void;
  /** Sends audio as 20 ms frames, paced in real time unless `realtime` is false. */
  sendAudio(audio: Buffer, opts?: { realtime?: boolean }): Promise<void>;
  sendDtmf(digit: string): void;
  /** Sends this text frame as it is (abuse tests: crafted or malformed messages). */
  sendRaw(text: string): void;
  stop(): void;
  /** Closes the socket without a `stop` (the caller vanished). */
  hangup(): void;
  /** Audio received from the worker, decoded, in order. */
  receivedAudio(): Buffer;
  readonly marksReceived: string[];
  readonly marksEchoed: string[];
  clears(): number;
  /** Every frame from the worker, parsed, in order. */
  readonly frames: Array<Record<string, unknown>>;
  /** Marks not yet echoed. */
  pendingMarks(): string[];
  /** Echoes the next `n` pending marks now (manual mode). */
  echoMarks(n: number): string[];
  /** The first frame from the worker (already received or still to come) that matches. No deadline: see test/helpers/wait.ts. */
  waitForFrame(pred: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves with the close code when the worker (or we) closed the socket. */
  readonly closed: Promise<number>;
}

let counter = 0;

/** Opens the stream; rejects with `status` set when the upgrade is refused (e.g. 403). */
export function connectFakeTwilioStream(o: FakeTwilioOptions): Promise<FakeTwilioStream> {
  const n = ++counter;
  const callSid = o.callSid ?? `CA${String(n).padStart(32, '0')}`;
  // Twilio's StreamSids are unique across processes and runs (the store keys AI legs by them).
  const streamSid = o.streamSid ?? `MZ${randomBytes(16).toString('hex')}`;
  const signature = o.signature === undefined ? signTwilioRequest(o.authToken, o.signedUrl ?? o.url, {}) : o.signature;
  const ws = new WebSocket(o.url, { headers: signature === null ? {} : { 'X-Twilio-Signature': signature }, perMessageDeflate: false, ca: o.ca, localAddress: o.localAddress });
  const received: Buffer[] = [];
  const frames: Array<Record<string, unknown>> = [];
  const marksReceived: string[] = [];
  const marksEchoed: string[] = [];
  const pending: Array<{ name: string; at: number; timer?: NodeJS.Timeout }> = [];
  const listeners = new Set<() => void>();
  let playEnd = 0;
  let clears = 0;
  let seq = 0;
  let chunk = 0;
  const t0 = Date.now();
  const manual = o.marks === 'manual';

  const withToken = (p: Record<string, string>) => {
    if ('token' in p || o.streamToken === null) return p;
    return { ...p, token: o.streamToken ?? createStreamToken(o.authToken, p.call || callSid, new Date()) };
  };
  const send = (m: Record<string, unknown>) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
  };
  const echo = (name: string) => {
    marksEchoed.push(name);
    send({ event: 'mark', sequenceNumber: String(++seq), streamSid, mark: { name } });
  };
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));

  ws.on('message', (data: Buffer) => {
    const f = JSON.parse(data.toString()) as Record<string, unknown>;
    frames.push(f);
    const now = Date.now();
    if (f.event === 'media') {
      const bytes = Buffer.from((f.media as { payload: string }).payload, 'base64');
      received.push(bytes);
      playEnd = Math.max(playEnd, now) + bytes.length / 8;
    } else if (f.event === 'mark') {
      const name = (f.mark as { name: string }).name;
      marksReceived.push(name);
      const p: (typeof pending)[number] = { name, at: playEnd };
      if (!manual) {
        p.timer = setTimeout(() => {
          pending.splice(pending.indexOf(p), 1);
          echo(name);
        }, Math.max(0, playEnd - now));
      }
      pending.push(p);
    } else if (f.event === 'clear') {
      clears++;
      playEnd = now;
      // Twilio echoes every mark whose audio the clear dropped.
      for (const p of pending.splice(0)) {
        clearTimeout(p.timer);
        echo(p.name);
      }
    }
    for (const l of [...listeners]) l();
  });

  const stream: FakeTwilioStream = {
    ws,
    streamSid,
    callSid,
    start() {
      send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
      send({
        event: 'start',
        sequenceNumber: String(++seq),
        start: {
          accountSid: 'AC' + '0'.repeat(32),
          streamSid,
          callSid,
          tracks: ['inbound'],
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
          customParameters: withToken(o.customParameters ?? { call: callSid, lang: 'de-DE', order: '' }),
        },
        streamSid,
      });
    },
    sendFrame(frame) {
      chunk++;
      send({
        event: 'media',
        sequenceNumber: String(++seq),
        media: { track: 'inbound', chunk: String(chunk), timestamp: String(Date.now() - t0), payload: frame.toString('base64') },
        streamSid,
      });
    },
    async sendAudio(audio, opts = {}) {
      const realtime = opts.realtime !== false;
      const start = Date.now();
      for (let off = 0, i = 0; off < audio.length; off += FRAME_BYTES, i++) {
        if (ws.readyState !== WebSocket.OPEN) return;
        stream.sendFrame(audio.subarray(off, off + FRAME_BYTES));
        // Paced against the start time, so timer jitter does not accumulate.
        if (realtime) await new Promise((r) => setTimeout(r, Math.max(0, start + (i + 1) * 20 - Date.now())));
      }
    },
    sendDtmf(digit) {
      send({ event: 'dtmf', streamSid, sequenceNumber: String(++seq), dtmf: { track: 'inbound_track', digit } });
    },
    sendRaw(text) {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    stop() {
      send({ event: 'stop', sequenceNumber: String(++seq), streamSid, stop: { accountSid: 'AC' + '0'.repeat(32), callSid } });
    },
    hangup() {
      ws.close(1000);
    },
    receivedAudio: () => Buffer.concat(received),
    marksReceived,
    marksEchoed,
    clears: () => clears,
    frames,
    pendingMarks: () => pending.map((p) => p.name),
    echoMarks(k) {
      const out = pending.splice(0, k).map((p) => p.name);
      for (const name of out) echo(name);
      return out;
    },
    waitForFrame(pred) {
      let seen = 0;
      return tracked(`fake twilio: a frame ${pred}`, (resolve) => {
        const check = () => {
          for (; seen < frames.length; seen++) if (pred(frames[seen]!)) return resolve(frames[seen]!);
        };
        listeners.add(check);
        check();
        return () => listeners.delete(check);
      });
    },
    closed,
  };

  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(stream));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => reject(err));
  });
}
