import type { Config } from '../config/index.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';

export interface AppDeps {
  store: Store;
  config: Config;
  logger: Logger;
  /** Injected so tests can pin time. */
  clock?: () => Date;
}

export type AppEnv = {
  Variables: {
    /** The verified Twilio form parameters (set by the signature middleware). */
    twilioParams: Record<string, string>;
  };
};
