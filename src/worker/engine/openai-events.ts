// OpenAI Realtime (GA) server events → engine events. Pure; never throws.
// https://platform.openai.com/docs/api-reference/realtime-server-events
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import type { AiUsage } from '../../domain/index.ts';
import type { EngineEvent } from './port.ts';
import { quickFieldSpan } from '../compact-json.ts';

export type ParsedServerEvent =
  | EngineEvent
  | { type: 'session_created' }
  /** The session as the server applied it: the audio formats it really uses each way. */
  | { type: 'session_updated'; inputFormat: string | null; outputFormat: string | null }
  | { type: 'fatal'; code: string; message: string }
  /** An `error` the session survives once configured (a refused client request); before that, fatal. */
  | { type: 'request_error'; code: string; message: string }
  | null;

const DELTA_PREFIX = '{"type":"response.output_audio.delta",';

// Errors the session survives: a cancel that raced the server's own VAD cancel, a truncate of an
// item that just finished, and similar client-side requests. Everything else ends the call's AI leg.
const SURVIVABLE_ERROR_TYPES = new Set(['invalid_request_error']);

const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);

/**
 * A response's tokens by kind. `text_tokens` and `audio_tokens` include the cached ones, which
 * `cached_tokens` counts again (priced lower).
 * https://platform.openai.com/docs/api-reference/realtime-server-events/response/done
 */
function usageOf(u: NonNullable<Extract<RealtimeServerEvent, { type: 'response.done' }>['response']['usage']>): AiUsage {
  return {
    inputTextTokens: n(u.input_token_details?.text_tokens),
    inputAudioTokens: n(u.input_token_details?.audio_tokens),
    inputCachedTokens: n(u.input_token_details?.cached_tokens),
    outputTextTokens: n(u.output_token_details?.text_tokens),
    outputAudioTokens: n(u.output_token_details?.audio_tokens),
  };
}

const DELTA_PREFIX_BYTES = Buffer.from(DELTA_PREFIX);
const DELTA_KEY = Buffer.from('"delta":"');
const RESPONSE_KEY = Buffer.from('"response_id":"');
const ITEM_KEY = Buffer.from('"item_id":"');

/** `last` if it is the string data[start, end) holds (ASCII compared byte by byte), else that string. */
function sameOr(data: Buffer, start: number, end: number, last: string): string {
  if (last.length === end - start) {
    let i = 0;
    while (i < last.length && last.charCodeAt(i) === data[start + i]) i++;
    if (i === last.length) return last;
  }
  return data.toString('utf8', start, end);
}

/**
 * An audio delta read from the message's bytes with indexOf, so a 10 kB base64 string is never
 * walked by JSON.parse nor made a string, or null (anything else, or anything unusual: then
 * parseServerEvent decides). The payload
 * is a view of `data` and no string of the message is made: deltas are nearly all the bytes the
 * engine sends. `last` holds the ids of the previous delta and is updated: a response's deltas
 * share one flat copy of each id (never a slice, which would keep its whole message alive).
 * https://platform.openai.com/docs/api-reference/realtime-server-events/response/output_audio/delta
 */
export function quickAudioDelta(data: Buffer, last: { responseId: string; itemId: string }): Extract<EngineEvent, { type: 'audio_delta' }> | null {
  const n = DELTA_PREFIX_BYTES.length;
  if (data.length <= n || data.compare(DELTA_PREFIX_BYTES, 0, n, 0, n) !== 0) return null;
  const delta = quickFieldSpan(data, DELTA_KEY);
  const response = delta && quickFieldSpan(data, RESPONSE_KEY);
  const item = response && quickFieldSpan(data, ITEM_KEY);
  if (!delta || !response || !item) return null;
  last.responseId = sameOr(data, response[0], response[1], last.responseId);
  last.itemId = sameOr(data, item[0], item[1], last.itemId);
  return { type: 'audio_delta', responseId: last.responseId, itemId: last.itemId, payload: data.subarray(delta[0], delta[1]) };
}

/**
 * Parses one server event. Audio deltas (nearly all the bytes) are read first by quickAudioDelta,
 * from the message's bytes; what it leaves comes here.
 */
export function parseServerEvent(text: string): ParsedServerEvent {
  let ev: RealtimeServerEvent;
  try {
    ev = JSON.parse(text) as RealtimeServerEvent;
  } catch {
    return { type: 'warning', code: 'bad_json', message: 'unparseable server event' };
  }
  if (!ev || typeof ev !== 'object' || typeof ev.type !== 'string') return null;
  switch (ev.type) {
    case 'session.created':
      return { type: 'session_created' };
    case 'session.updated': {
      // https://platform.openai.com/docs/api-reference/realtime-server-events/session/updated
      // Read loosely: the SDK's union also covers transcription sessions, which have no output.
      const audio = (ev.session as { audio?: { input?: { format?: unknown }; output?: { format?: unknown } } } | undefined)?.audio;
      const fmt = (f: unknown) => (f && typeof f === 'object' && typeof (f as { type?: unknown }).type === 'string' ? (f as { type: string }).type : null);
      return { type: 'session_updated', inputFormat: fmt(audio?.input?.format), outputFormat: fmt(audio?.output?.format) };
    }
    case 'input_audio_buffer.speech_started':
      return { type: 'speech_started', itemId: ev.item_id ?? null };
    case 'response.created':
      return { type: 'response_started', responseId: ev.response?.id ?? '' };
    case 'input_audio_buffer.speech_stopped':
      return { type: 'speech_stopped' };
    case 'response.done': {
      const base = { type: 'response_done' as const, responseId: ev.response?.id ?? '', status: ev.response?.status ?? 'completed' };
      const u = ev.response?.usage;
      return u ? { ...base, usage: usageOf(u) } : base;
    }
    case 'response.output_audio.delta':
      return typeof ev.delta === 'string' ? { type: 'audio_delta', responseId: ev.response_id, itemId: ev.item_id, payload: ev.delta } : null;
    case 'response.output_audio_transcript.done':
      return { type: 'transcript', role: 'assistant', itemId: ev.item_id, text: ev.transcript ?? '' };
    case 'conversation.item.input_audio_transcription.completed':
      return { type: 'transcript', role: 'user', itemId: ev.item_id, text: ev.transcript ?? '' };
    case 'response.function_call_arguments.done':
      return { type: 'tool_call', callId: ev.call_id, name: ev.name, arguments: ev.arguments ?? '', responseId: ev.response_id };
    case 'error': {
      const code = ev.error?.code ?? ev.error?.type ?? 'error';
      const message = ev.error?.message ?? '';
      return SURVIVABLE_ERROR_TYPES.has(ev.error?.type) ? { type: 'request_error', code, message } : { type: 'fatal', code, message };
    }
    default:
      return null;
  }
}
