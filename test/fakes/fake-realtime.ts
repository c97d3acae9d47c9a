// A local stand-in for the OpenAI Realtime API (GA events) over a real WebSocket, for tests and
// benchmarks. It records what the client sends and lets the test script what the "model" says
// (each session: fake-realtime-session.ts).
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createSession, waitUntil } from './fake-realtime-session.ts';
import type { FakeRealtime, FakeRealtimeOptions, FakeRealtimeSession } from './fake-realtime-types.ts';

export type { ClientEvent, FakeRealtime, FakeRealtimeOptions, FakeRealtimeSession, SpeakOptions } from './fake-realtime-types.ts';
export { realisticUsage } from './fake-realtime-session.ts';

export async function startFakeRealtime(opts: FakeRealtimeOptions = {}): Promise<FakeRealtime> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const sessions: FakeRealtimeSession[] = [];
  const sessionWaiters = new Set<() => void>();
  let upgrades = 0;
  let attempts = 0;
  let seq = 0;
  const held: Array<() => void> = [];
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrades++;
    socket.on('error', () => socket.destroy());
    if (opts.refuseStatus) {
      socket.end(`HTTP/1.1 ${opts.refuseStatus} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const accept = () => {
      attempts++;
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => {
        const s = createSession(++seq, ws, req, opts);
        sessions.push(s);
        for (const w of [...sessionWaiters]) w();
      });
    };
    if (opts.holdAccepts) held.push(accept);
    else accept();
  });
  const host = opts.host ?? '127.0.0.1';
  http.listen(0, host);
  await once(http, 'listening');
  const port = (http.address() as AddressInfo).port;
  let taken = 0;
  return {
    url: `ws://${host}:${port}/v1/realtime`,
    sessions,
    upgradeRequests: () => upgrades,
    acceptAttempts: () => attempts,
    acceptHeld() {
      for (const accept of held.splice(0)) accept();
    },
    openSessions: () => sessions.filter((s) => s.ws.readyState === s.ws.OPEN).length,
    nextSession() {
      return waitUntil(
        () => (sessions.length > taken ? sessions[taken++] : undefined),
        (fn) => (sessionWaiters.add(fn), () => sessionWaiters.delete(fn)),
        'a session',
      );
    },
    async close() {
      for (const s of sessions) s.ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  };
}
