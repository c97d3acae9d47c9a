// A REST client made on first use: importing client.ts loads the whole `twilio` package (~20 MB
// of a process's memory), which an idle server should not pay for a command it may never send.
import type { TwilioClient, TwilioRestConfig } from './client.ts';

/** The same client createTwilioRestClient makes, created (and its package loaded) at the first call. */
export function lazyTwilioRestClient(cfg: TwilioRestConfig): () => Promise<TwilioClient> {
  let client: Promise<TwilioClient> | undefined;
  return () => (client ??= import('./client.ts').then((m) => m.createTwilioRestClient(cfg)));
}
