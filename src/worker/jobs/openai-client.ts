// The jobs' OpenAI client, made at the first job that needs it: the `openai` package costs ~10 MB
// of the worker's memory, and an idle worker (or one whose queue holds no transcription or
// summary) should not carry it. The Realtime bridge does not use the package (its own WebSocket).
import type OpenAI from 'openai';

export type OpenAiPackage = typeof import('openai');

export interface LazyOpenAi {
  client: () => Promise<OpenAI>;
  /** The package itself, for its helpers (toFile); loaded with the client. */
  pkg: () => Promise<OpenAiPackage>;
}

export function lazyOpenAi(opts: { apiKey: string; baseUrl: string; timeout: number }): LazyOpenAi {
  let client: Promise<OpenAI> | undefined;
  const pkg = () => import('openai');
  return {
    // No retries here: the job runner retries a failed job with its own backoff.
    client: () => (client ??= pkg().then(({ default: OpenAiClient }) => new OpenAiClient({ apiKey: opts.apiKey, baseURL: opts.baseUrl, maxRetries: 0, timeout: opts.timeout }))),
    pkg,
  };
}
