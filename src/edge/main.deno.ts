// The edge under Deno: the same createApp() as main.node.ts, served by Deno.serve.
// Run with `npm run edge:deno` (Deno comes from the npm package `deno`, see package.json).
// https://docs.deno.com/api/deno/~/Deno.serve · https://hono.dev/docs/getting-started/deno
import { loadConfigOrExit } from '../config/load.ts';
import { createLogger } from '../log/logger.ts';
import { createStore } from '../store/index.ts';
import { loadNodeSqliteDriver } from '../store/sqlite/node-sqlite-adapter.ts';
import { collectDefaultMetrics } from 'prom-client';
import { createEdgeMetrics } from '../metrics/edge-metrics.ts';
import { createApp } from './app.ts';
import { ensureAdminAccount } from './auth/ensure-admin.ts';

// The few Deno APIs used here; tsc type-checks this file with Node's types only.
declare const Deno: {
  serve(
    options: { port: number; hostname: string; onListen?: (addr: { port: number; hostname: string }) => void },
    handler: (req: Request) => Response | Promise<Response>,
  ): { shutdown(): Promise<void>; finished: Promise<void> };
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
  exit(code: number): never;
};

// loadConfigOrExit reads `.env` through process.loadEnvFile, which Deno's node:process provides.
const config = loadConfigOrExit('edge:deno');
const logger = createLogger(config.logLevel, 'edge');
let store: Awaited<ReturnType<typeof createStore>>;
try {
  // better-sqlite3 is a Node addon Deno cannot load; the same store runs over Deno's node:sqlite.
  store = await createStore(config.databaseUrl, { sqliteDriver: await loadNodeSqliteDriver() });
} catch (err) {
  // One readable line instead of a stack trace, e.g. for a database this runtime cannot open.
  console.error(`[edge:deno] cannot open the database: ${err instanceof Error ? err.message : String(err)}`);
  Deno.exit(1);
}
await ensureAdminAccount(store, config, logger);
const metrics = createEdgeMetrics(store);
collectDefaultMetrics({ register: metrics.registry });
const app = createApp({ store, config, logger, metrics });

const server = Deno.serve(
  {
    port: config.port,
    hostname: config.host,
    onListen: ({ port, hostname }) =>
      logger.info({ port, host: hostname, publicBaseUrl: config.publicBaseUrl, runtime: 'deno' }, `edge listening on http://${hostname}:${port}`),
  },
  (req) => app.fetch(req),
);

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'edge shutting down');
  // shutdown() lets in-flight webhooks finish; a caller mid-call must still get their TwiML.
  const hardStop = setTimeout(() => Deno.exit(0), 5000);
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
