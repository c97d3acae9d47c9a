import type { Config } from '../config/index.ts';
import type { Logger } from '../log/logger.ts';
import type { EdgeMetrics } from '../metrics/edge-metrics.ts';
import type { Store } from '../store/store.ts';

export interface AppDeps {
  store: Store;
  config: Config;
  logger: Logger;
  /** Injected so tests can pin time. */
  clock?: () => Date;
  /** Defaults to a fresh registry per app. */
  metrics?: EdgeMetrics;
  /** Aborted when the process shuts down: long-lived responses (the live panel's stream) end then. */
  shutdown?: AbortSignal;
}

export type AppEnv = {
  /** Passed to app.fetch by main.node.ts / main.deno.ts (tests pass it as app.request's env). */
  Bindings: { remoteAddress?: string };
  Variables: {
    /** The verified Twilio form parameters (set by the signature middleware). */
    twilioParams: Record<string, string>;
  };
};
