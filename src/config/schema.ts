import { z } from 'zod';
import { isProxyEntry } from '../edge/client-address.ts';

// Empty values in a .env file mean "not set".
const opt = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());
const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +4930123456');
const positiveInt = z.coerce.number().int().min(1);
const price = z.coerce.number().min(0);
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
function wssUnlessLoopback(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'wss:' || LOOPBACK.has(u.hostname) || u.hostname.startsWith('127.');
  } catch {
    return false;
  }
}
// A greeting sentence: `{company}` is the only placeholder, so a typo like `{firma}` is caught at start.
const greeting = z
  .string()
  .max(500, 'must be at most 500 characters (it is spoken at the start of every call)')
  .refine((v) => !/\{(?!company\})[^}]*\}/.test(v), 'the only placeholder is {company} (the company name); remove or fix the other {…}');

/** Every environment variable of the contract (shared/docs/interfaces.md), both processes. */
export const envSchema = z.object({
  PORT: opt(port).default(3000),
  HOST: opt(z.string()).default('127.0.0.1'),
  WORKER_PORT: opt(port).default(3001),
  DATABASE_URL: opt(z.string()).default('./data/liza.db'),
  PUBLIC_BASE_URL: opt(url(['http:', 'https:'])).default('http://localhost:3000'),
  // Twilio streams only to wss://; plain ws:// is for a worker on this machine (tests, local runs).
  PUBLIC_MEDIA_URL: opt(url(['ws:', 'wss:']).refine(wssUnlessLoopback, 'must start with wss:// (Twilio streams only to wss); ws:// is allowed only for loopback (localhost, 127.0.0.1, ::1)')).default('ws://localhost:3001/media'),
  TWILIO_ACCOUNT_SID: opt(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits')),
  TWILIO_AUTH_TOKEN: opt(z.string().min(8, 'must be at least 8 characters')),
  TWILIO_API_BASE_URL: opt(url(['http:', 'https:'])).default('https://api.twilio.com'),
  TWILIO_PHONE_NUMBER: opt(e164),
  ADMIN_USER: opt(z.string().min(1)),
  ADMIN_PASSWORD: opt(z.string().min(8, 'must be at least 8 characters')),
  OPENAI_API_KEY: opt(z.string()),
  OPENAI_BASE_URL: opt(url(['http:', 'https:'])).default('https://api.openai.com/v1'),
  OPENAI_REALTIME_URL: opt(url(['ws:', 'wss:'])).default('wss://api.openai.com/v1/realtime'),
  OPENAI_REALTIME_MODEL: opt(z.string()).default('gpt-realtime'),
  OPENAI_TRANSCRIBE_MODEL: opt(z.string()).default('gpt-4o-transcribe'),
  COMPANY_NAME: opt(z.string()).default('Liza Demo GmbH'),
  GREETING_DE: opt(greeting),
  GREETING_EN: opt(greeting),
  STAFF_PHONE_NUMBER: opt(e164),
  VOICE_DE: opt(z.string()).default('Polly.Vicki-Neural'),
  VOICE_EN_GB: opt(z.string()).default('Polly.Amy-Neural'),
  VOICE_EN_US: opt(z.string()).default('Polly.Joanna-Neural'),
  LOG_LEVEL: opt(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])).default('info'),
  MAX_CALL_SECONDS: opt(positiveInt).default(600),
  MAX_STREAMS: opt(positiveInt).default(100),
  CALLBACK_LIMIT_PER_HOUR: opt(positiveInt).default(30),
  AI_IDLE_SECONDS: opt(positiveInt).default(12),
  OPENAI_SUMMARY_MODEL: opt(z.string()).default('gpt-4o-mini'),
  SUMMARY_LANG: opt(z.enum(['de', 'en'], { message: 'must be de or en' })).default('de'),
  // US dollars per million tokens, gpt-realtime's list prices (https://openai.com/api/pricing/).
  OPENAI_PRICE_TEXT_IN: opt(price).default(4),
  OPENAI_PRICE_AUDIO_IN: opt(price).default(32),
  OPENAI_PRICE_CACHED_IN: opt(price).default(0.4),
  OPENAI_PRICE_TEXT_OUT: opt(price).default(16),
  OPENAI_PRICE_AUDIO_OUT: opt(price).default(64),
  OPENAI_PRICE_EUR_PER_USD: opt(price).default(0.86),
  // Personal data older than this is erased by the worker's daily retention job (docs/privacy.md).
  RETENTION_DAYS: opt(positiveInt.max(36_500)).default(90),
  TRUSTED_PROXIES: opt(
    z.string().refine((v) => v.split(',').every((p) => isProxyEntry(p.trim())), 'must be a comma-separated list of IP addresses, IPv4 CIDR ranges (10.0.0.0/8) or `loopback`'),
  ).default('loopback'),
  METRICS_TOKEN: opt(z.string().min(16, 'must be at least 16 characters (it guards /metrics)')),
  UNKNOWN_ORDERS: opt(z.enum(['create', 'reject'], { message: 'must be create (save a number nobody knows as noted, for the team to check) or reject (say it was not found)' })).default('create'),
});

/** The parsed environment, as the operator commands (doctor, twilio:setup) read it. */
export type Env = z.infer<typeof envSchema>;
