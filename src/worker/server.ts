// The worker's front door: GET /health and the Twilio Media Streams WebSocket at /media.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { isValidTwilioSignature } from '../telephony/signature.ts';
import { checkStreamToken } from '../telephony/stream-token.ts';
import { runBridge, type BridgeDeps, type BridgeHandle } from './bridge/bridge.ts';
import type { Engine } from './engine/port.ts';
import { realTimers, type Timers } from './timers.ts';

export interface WorkerServerDeps {
  store: Store;
  engine: Engine;
  logger: Logger;
  authToken: string;
  /** The wss:// URL Twilio was told to stream to; Twilio signs exactly this URL. */
  publicMediaUrl: string;
  maxStreams: number;
  maxCallSeconds: number;
  /** STAFF_PHONE_NUMBER is set (the hand-over key and tool). */
  staffEnabled?: boolean;
  /** AI_IDLE_SECONDS. */
  idleSeconds?: number;
  /** Served at GET /metrics when given. */
  metrics?: { registry: Registry; streamEnded(reason: string): void } & Pick<BridgeDeps, 'onTurn' | 'onUsage'>;
  /** The drain bound and every stream's timers (tests fire them by hand). */
  timers?: Timers;
  /** Stamps the streams' call events (tests pin time). */
  clock?: () => Date;
}

export interface WorkerServer {
  server: Server;
  listen(port: number, host: string): Promise<number>;
  liveStreams(): number;
  /** Stops accepting, lets live streams run up to `boundMs`, then ends the rest. */
  drain(boundMs: number): Promise<void>;
}

function reject(socket: Duplex, status: number, text: string) {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
  socket.destroy();
}

export function createWorkerServer(deps: WorkerServerDeps): WorkerServer {
  const live = new Set<BridgeHandle>();
  /** Calls with a live stream on this worker: one at a time per call (issue 11, point 5). */
  const streamingCalls = new Set<string>();
  const claimCall = (callSid: string) => {
    if (streamingCalls.has(callSid)) return null;
    streamingCalls.add(callSid);
    return () => streamingCalls.delete(callSid);
  };
  // The upgrade's signature is the same for every call: the per-call token binds the stream to its call.
  const refuseStart = (callSid: string, token: string | undefined) => {
    const r = checkStreamToken(deps.authToken, callSid, token, (deps.clock ?? (() => new Date()))());
    return r === 'ok' ? null : `stream token ${r}`;
  };
  const timers = deps.timers ?? realTimers;
  let draining = false;
  const mediaPath = new URL(deps.publicMediaUrl).pathname;
  // perMessageDeflate off: µ-law base64 barely compresses and deflate costs CPU per frame.
  // Twilio's frames are a few hundred bytes; 1 MiB bounds what one socket can make us buffer.
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, skipUTF8Validation: true, maxPayload: 1 << 20 });

  // How late the event loop runs (since the last health check): every call's audio waits on it.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      const eventLoopDelayMs = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
      loopDelay.reset();
      // The database is checked too: jobs and transcripts need it (503 like the edge's health).
      void deps.store.ping().then(
        () => true,
        () => false,
      ).then((dbOk) => {
        res.writeHead(dbOk ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({
          status: !dbOk ? 'error' : draining ? 'draining' : 'ok',
          database: dbOk ? 'ok' : 'unreachable',
          streams: live.size,
          engineConfigured: deps.engine.configured,
          eventLoopDelayMs,
        }));
      });
      return;
    }
    if (req.method === 'GET' && path === '/metrics' && deps.metrics) {
      const { registry } = deps.metrics;
      void registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
        (err) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(err)),
      );
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '/').split('?')[0];
    if (path !== mediaPath) return reject(socket, 404, 'Not Found');
    // Twilio signs the stream URL with no body parameters; check it before any AI session opens.
    // https://www.twilio.com/docs/usage/security#validating-requests
    const sig = req.headers['x-twilio-signature'];
    if (!isValidTwilioSignature(deps.authToken, typeof sig === 'string' ? sig : undefined, deps.publicMediaUrl, {})) {
      deps.logger.warn({ remote: req.socket.remoteAddress }, 'media stream upgrade with a bad signature refused');
      return reject(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const bridgeDeps: BridgeDeps = {
        engine: deps.engine, store: deps.store, logger: deps.logger, maxCallSeconds: deps.maxCallSeconds, staffEnabled: deps.staffEnabled, idleSeconds: deps.idleSeconds,
        onEnd: deps.metrics?.streamEnded, onTurn: deps.metrics?.onTurn, onUsage: deps.metrics?.onUsage, timers, clock: deps.clock, claimCall, refuseStart,
      };
      // Over the cap or shutting down: accept, then end at `start` so the caller hears the menu
      // again (and the reason is recorded), rather than a failed stream.
      const refuse = draining ? 'shutdown' : live.size >= deps.maxStreams ? 'max_streams' : undefined;
      const b = runBridge(ws, bridgeDeps, refuse, socket);
      if (refuse) return;
      live.add(b);
      void b.done.then(() => live.delete(b));
    });
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const a = server.address();
          resolve(typeof a === 'object' && a ? a.port : port);
        });
      });
    },
    liveStreams: () => live.size,
    async drain(boundMs) {
      draining = true;
      server.close();
      const all = () => Promise.all([...live].map((b) => b.done));
      let timer: unknown;
      const bound = new Promise<void>((r) => (timer = timers.setTimeout(r, boundMs)));
      await Promise.race([all(), bound]);
      timers.clearTimeout(timer);
      for (const b of live) b.end('shutdown');
      await all();
      server.closeAllConnections();
      loopDelay.disable();
    },
  };
}
