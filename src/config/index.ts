import type { AiPriceList, Lang } from '../domain/index.ts';
import { envSchema } from './schema.ts';

export interface Config {
  port: number;
  host: string;
  workerPort: number;
  databaseUrl: string;
  /** Without a trailing slash. */
  publicBaseUrl: string;
  publicMediaUrl: string;
  twilio: {
    accountSid: string | null;
    authToken: string;
    /** TWILIO_AUTH_TOKEN was set (not the generated development token): REST calls can authenticate. */
    tokenConfigured: boolean;
    apiBaseUrl: string;
    phoneNumber: string | null;
  };
  /** CALLBACK_LIMIT_PER_HOUR: callbacks one staff user may place per hour. */
  callbackLimitPerHour: number;
  admin: { user: string | null; password: string | null };
  openai: { apiKey: string | null; baseUrl: string; realtimeUrl: string; realtimeModel: string; transcribeModel: string; summaryModel: string };
  /** AI_IDLE_SECONDS: caller silence before Liza checks in (twice: back to the menu). */
  aiIdleSeconds: number;
  summaryLang: 'de' | 'en';
  /** OPENAI_PRICE_*: US dollars per million tokens, and the euro rate, for the cost estimate. */
  prices: AiPrices;
  companyName: string;
  /** GREETING_DE / GREETING_EN (`{company}` inside); null: the locale's default greeting. */
  greetings: { de: string | null; en: string | null };
  staffPhoneNumber: string | null;
  voices: Record<Lang, string>;
  logLevel: string;
  /** NODE_ENV is not `production`: development conveniences (the edge's /media pass-through) are on. */
  development: boolean;
  maxCallSeconds: number;
  maxStreams: number;
  /** UNKNOWN_ORDERS: what a confirmed number the shop never sent becomes (see ivr/types.ts IvrContext). */
  unknownOrders: 'create' | 'reject';
  /** RETENTION_DAYS: personal data of calls older than this is erased daily (docs/privacy.md). */
  retentionDays: number;
  /** TRUSTED_PROXIES: peers whose X-Real-IP / X-Forwarded-For are believed (see edge/client-address.ts). */
  trustedProxies: string[];
  /** METRICS_TOKEN: with it /metrics answers a Bearer token from anywhere; without, loopback only. */
  metricsToken: string | null;
}

export type AiPrices = AiPriceList;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Environment → typed config, read once per process. Throws one ConfigError naming every bad
 * variable. `authToken` comes from the caller when TWILIO_AUTH_TOKEN is unset (see dev-token.ts).
 */
export function parseConfig(env: Record<string, string | undefined>, fallbackToken?: () => string): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  const authToken = e.TWILIO_AUTH_TOKEN ?? fallbackToken?.();
  if (!authToken) throw new ConfigError(['TWILIO_AUTH_TOKEN: not set and no development token available']);
  return {
    port: e.PORT,
    host: e.HOST,
    workerPort: e.WORKER_PORT,
    databaseUrl: e.DATABASE_URL,
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    publicMediaUrl: e.PUBLIC_MEDIA_URL,
    twilio: { accountSid: e.TWILIO_ACCOUNT_SID ?? null, authToken, tokenConfigured: !!e.TWILIO_AUTH_TOKEN, apiBaseUrl: e.TWILIO_API_BASE_URL.replace(/\/+$/, ''), phoneNumber: e.TWILIO_PHONE_NUMBER ?? null },
    admin: { user: e.ADMIN_USER ?? null, password: e.ADMIN_PASSWORD ?? null },
    openai: {
      apiKey: e.OPENAI_API_KEY ?? null,
      baseUrl: e.OPENAI_BASE_URL.replace(/\/+$/, ''),
      realtimeUrl: e.OPENAI_REALTIME_URL,
      realtimeModel: e.OPENAI_REALTIME_MODEL,
      transcribeModel: e.OPENAI_TRANSCRIBE_MODEL,
      summaryModel: e.OPENAI_SUMMARY_MODEL,
    },
    aiIdleSeconds: e.AI_IDLE_SECONDS,
    summaryLang: e.SUMMARY_LANG,
    prices: {
      textIn: e.OPENAI_PRICE_TEXT_IN,
      audioIn: e.OPENAI_PRICE_AUDIO_IN,
      cachedIn: e.OPENAI_PRICE_CACHED_IN,
      textOut: e.OPENAI_PRICE_TEXT_OUT,
      audioOut: e.OPENAI_PRICE_AUDIO_OUT,
      eurPerUsd: e.OPENAI_PRICE_EUR_PER_USD,
    },
    companyName: e.COMPANY_NAME,
    greetings: { de: e.GREETING_DE ?? null, en: e.GREETING_EN ?? null },
    staffPhoneNumber: e.STAFF_PHONE_NUMBER ?? null,
    voices: { 'de-DE': e.VOICE_DE, 'en-GB': e.VOICE_EN_GB, 'en-US': e.VOICE_EN_US },
    logLevel: e.LOG_LEVEL,
    // Node's own convention, set to `production` by the Dockerfile and the systemd units; not one
    // of ours, so it is not in the schema (nor in .env.example, where an empty value would clear it).
    development: env.NODE_ENV !== 'production',
    maxCallSeconds: e.MAX_CALL_SECONDS,
    maxStreams: e.MAX_STREAMS,
    unknownOrders: e.UNKNOWN_ORDERS,
    callbackLimitPerHour: e.CALLBACK_LIMIT_PER_HOUR,
    retentionDays: e.RETENTION_DAYS,
    trustedProxies: e.TRUSTED_PROXIES.split(',').map((p) => p.trim()),
    metricsToken: e.METRICS_TOKEN ?? null,
  };
}
