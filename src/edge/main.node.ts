import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { loadConfigOrExit } from '../config/load.ts';
import { createLogger } from '../log/logger.ts';
import { openStoreOrExit } from '../ops/wait-for-database.ts';
import { collectDefaultMetrics } from 'prom-client';
import { createEdgeMetrics } from '../metrics/edge-metrics.ts';
import { createApp } from './app.ts';
import { ensureAdminAccount } from './auth/ensure-admin.ts';
import { mediaPassthroughFor, passMediaUpgrades } from './media-passthrough.ts';

const config = loadConfigOrExit('edge');
const logger = createLogger(config.logLevel, 'edge');
// Waits (bounded, a log line per attempt) for a database that is still starting.
const store = await openStoreOrExit(config.databaseUrl, logger, (code) => process.exit(code));
await ensureAdminAccount(store, config, logger);
const metrics = createEdgeMetrics(store);
collectDefaultMetrics({ register: metrics.registry });
const closing = new AbortController();
const app = createApp({ store, config, logger, metrics, shutdown: closing.signal });

const server = serve({ fetch: (req, env: { incoming: { socket: { remoteAddress?: string } } }) => app.fetch(req, { remoteAddress: env.incoming.socket.remoteAddress }), port: config.port, hostname: config.host }, (info) => {
  logger.info({ port: info.port, host: config.host, publicBaseUrl: config.publicBaseUrl }, `edge listening on http://${config.host}:${info.port}`);
});
const media = mediaPassthroughFor(config);
if (media) passMediaUpgrades(server as Server, media, logger);

function shutdown(signal: string) {
  logger.info({ signal }, 'edge shutting down');
  // Event streams end first (they would hold server.close open), then the store closes.
  closing.abort();
  const http = server as Server;
  http.close(() => {
    clearInterval(sweep);
    void store.close().then(() => {
      logger.info('edge stopped: connections and store closed');
      process.exit(0);
    });
  });
  // close() drops the connections idle at that moment; a kept-alive one (nginx's upstream pool)
  // whose response (a stream, a slow webhook) ends afterwards goes idle later, so sweep again.
  const sweep = setInterval(() => http.closeIdleConnections(), 100);
  sweep.unref();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
