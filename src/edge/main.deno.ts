// The edge under Deno: the same createApp() as main.node.ts, served by Deno.serve.
// Run with `npm run edge:deno` (Deno comes from the npm package `deno`, see package.json).
// https://docs.deno.com/api/deno/~/Deno.serve · https://hono.dev/docs/getting-started/deno
import { loadConfigOrExit } from '../config/load.ts';
import { createLogger } from '../log/logger.ts';
import { openStoreOrExit } from '../ops/wait-for-database.ts';
import { loadNodeSqliteDriver } from '../store/sqlite/node-sqlite-adapter.ts';
import { collectDefaultMetrics } from 'prom-client';
import { createEdgeMetrics } from '../metrics/edge-metrics.ts';
import { createApp } from './app.ts';
import { ensureAdminAccount } from './auth/ensure-admin.ts';

// The few Deno APIs used here; tsc type-checks this file with Node's types only.
declare const Deno: {
  serve(
    options: { port: number; hostname: string; onListen?: (addr: { port: number; hostname: string }) => void },
    handler: (req: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>,
  ): { shutdown(): Promise<void>; finished: Promise<void> };
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
  exit(code: number): never;
};

// loadConfigOrExit reads `.env` through process.loadEnvFile, which Deno's node:process provides.
const config = loadConfigOrExit('edge:deno');
const logger = createLogger(config.logLevel, 'edge');
// Waits for a database that is still starting; one readable line (not a stack trace) when it
// cannot be opened. better-sqlite3 is a Node addon Deno cannot load: the same store runs over
// Deno's node:sqlite.
const store = await openStoreOrExit(config.databaseUrl, logger, (code) => Deno.exit(code), { sqliteDriver: await loadNodeSqliteDriver() });
await ensureAdminAccount(store, config, logger);
const metrics = createEdgeMetrics(store);
collectDefaultMetrics({ register: metrics.registry });
const closing = new AbortController();
const app = createApp({ store, config, logger, metrics, shutdown: closing.signal });

const server = Deno.serve(
  {
    port: config.port,
    hostname: config.host,
    onListen: ({ port, hostname }) =>
      logger.info({ port, host: hostname, publicBaseUrl: config.publicBaseUrl, runtime: 'deno' }, `edge listening on http://${hostname}:${port}`),
  },
  async (req, info) => closeAfterRefusedBody(await app.fetch(req, { remoteAddress: info.remoteAddr.hostname })),
);

/**
 * Deno's server drains an unread request body to keep the connection alive, so a 600 MB POST
 * refused with 413 would still be read to the end. A response body that fails after its text
 * makes Deno drop the connection instead: the client has the 413, the rest is never read.
 */
function closeAfterRefusedBody(res: Response): Response {
  if (res.status !== 413 || !res.body) return res;
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (!done) return controller.enqueue(value);
      controller.error(new Error('request body refused: connection closed without reading it'));
    },
  });
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(body, { status: res.status, headers });
}

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'edge shutting down');
  // shutdown() lets in-flight webhooks finish; a caller mid-call must still get their TwiML.
  const hardStop = setTimeout(() => Deno.exit(0), 5000);
  // Event streams end first (server.shutdown() would wait for them), then the store closes.
  closing.abort();
  void server
    .shutdown()
    .then(() => store.close())
    .finally(() => {
      clearTimeout(hardStop);
      Deno.exit(0);
    });
}
Deno.addSignalListener('SIGTERM', () => shutdown('SIGTERM'));
Deno.addSignalListener('SIGINT', () => shutdown('SIGINT'));
