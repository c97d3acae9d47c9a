// Development only: the edge passes Twilio's Media Streams WebSocket upgrades (`/media`) through
// to the worker, so one tunnel to the edge (one public URL) serves a real Twilio number from a
// laptop. In production nginx routes `/media` to the worker (deploy/), and this stays off.
// Node only (main.node.ts): a raw TCP pass-through, so the worker sees Twilio's request unchanged
// and checks its signature itself; nothing here parses the stream.
import type { IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Config } from '../config/index.ts';
import type { Logger } from '../log/logger.ts';

export interface MediaPassthrough {
  /** The path Twilio's upgrade comes to (PUBLIC_MEDIA_URL's). */
  path: string;
  host: string;
  port: number;
}

/**
 * Where to pass `/media` upgrades, or null: only outside production, and only when
 * PUBLIC_MEDIA_URL points at the edge's own public host (one URL for both processes).
 */
export function mediaPassthroughFor(config: Config): MediaPassthrough | null {
  if (!config.development) return null;
  const media = new URL(config.publicMediaUrl);
  if (media.host !== new URL(config.publicBaseUrl).host) return null;
  // The worker listens on HOST too; a wildcard address is reached on loopback.
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '::1' : config.host;
  return { path: media.pathname, host, port: config.workerPort };
}

function refuse(socket: Duplex, status: string) {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Sends every WebSocket upgrade on `to.path` to the worker, byte for byte; others get 404. */
export function passMediaUpgrades(server: Server, to: MediaPassthrough, logger: Logger): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if ((req.url ?? '').split('?')[0] !== to.path) return refuse(socket, '404 Not Found');
    const upstream = connect(to.port, to.host);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      // The request line and headers as they came (rawHeaders keeps case and order), then
      // whatever the client already sent after them.
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', (err) => {
      if (connected) return socket.destroy();
      logger.warn({ worker: `${to.host}:${to.port}`, reason: err.message }, 'media stream upgrade: the worker is not reachable');
      refuse(socket, '502 Bad Gateway');
    });
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => connected && socket.destroy());
  });
  logger.info({ path: to.path, worker: `${to.host}:${to.port}` }, `development: WebSocket upgrades on ${to.path} pass through to the worker, so one public URL serves both`);
}
