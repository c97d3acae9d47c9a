// One session of the fake OpenAI Realtime server (fake-realtime.ts): what the client sent, and the
// "model"'s side as the test scripts it (GA events).
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { tracked } from '../helpers/wait.ts';
import type { ClientEvent, FakeRealtimeOptions, FakeRealtimeSession, SpeakOptions } from './fake-realtime-types.ts';

export function waitUntil<T>(check: () => T | undefined, subscribe: (fn: () => void) => () => void, what: string): Promise<T> {
  return tracked(`fake realtime: ${what}`, (resolve) => {
    const now = check();
    if (now !== undefined) return resolve(now);
    const off = subscribe(() => {
      const v = check();
      if (v !== undefined) resolve(v);
    });
    return off;
  });
}

/**
 * `usage` as the real `response.done` carries it: input and output tokens split by text and audio,
 * cached input counted again. https://platform.openai.com/docs/api-reference/realtime-server-events/response/done
 */
export function realisticUsage(outputAudioBytes: number, turn: number): Record<string, unknown> {
  // Roughly 10 audio tokens per second of µ-law output; the instructions are the cached prefix.
  const audioOut = Math.ceil(outputAudioBytes / 800);
  const textIn = 600 + 20 * turn;
  const audioIn = 50 * turn;
  const cachedText = turn > 1 ? 512 : 0;
  return {
    total_tokens: textIn + audioIn + audioOut + 20,
    input_tokens: textIn + audioIn,
    output_tokens: audioOut + 20,
    input_token_details: { text_tokens: textIn, audio_tokens: audioIn, image_tokens: 0, cached_tokens: cachedText, cached_tokens_details: { text_tokens: cachedText, audio_tokens: 0, image_tokens: 0 } },
    output_token_details: { text_tokens: 20, audio_tokens: audioOut },
  };
}

export function createSession(id: number, ws: WebSocket, req: IncomingMessage, opts: FakeRealtimeOptions): FakeRealtimeSession {
  const sendCreated = opts.sendSessionCreated !== false;
  const countOnly = opts.countAudioOnly === true;
  let heldUpdate: Record<string, unknown> | null = null;
  let responses = 0;
  const usageFor = (bytes: number) => (opts.usage === undefined ? realisticUsage(bytes, ++responses) : opts.usage);
  const events: ClientEvent[] = [];
  const audio: Buffer[] = [];
  let audioBytes = 0;
  let appends = 0;
  const listeners = new Set<() => void>();
  const cancelled = new Set<string>();
  let n = 0;
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const subscribe = (fn: () => void) => (listeners.add(fn), () => listeners.delete(fn));
  const send = (ev: Record<string, unknown>) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event_id: `event_${id}_${++n}`, ...ev }));
  };
  const closed = new Promise<void>((r) => ws.once('close', () => (notify(), r())));

  const APPEND = '{"type":"input_audio_buffer.append","audio":"';
  ws.on('message', (data: Buffer) => {
    if (countOnly && data.length > APPEND.length && data.toString('latin1', 0, APPEND.length) === APPEND) {
      const b64 = data.length - APPEND.length - 2;
      audioBytes += Math.floor((b64 * 3) / 4) - (data[data.length - 3] === 61 ? (data[data.length - 4] === 61 ? 2 : 1) : 0);
      appends++;
      return;
    }
    let ev: ClientEvent;
    try {
      ev = JSON.parse(data.toString()) as ClientEvent;
    } catch {
      return;
    }
    if (ev.type === 'input_audio_buffer.append' && typeof ev.audio === 'string') {
      const b = Buffer.from(ev.audio, 'base64');
      audio.push(b);
      audioBytes += b.length;
      appends++;
    } else {
      events.push(ev);
      if (ev.type === 'session.update') {
        if (opts.refuseSessionUpdate) {
          const r = opts.refuseSessionUpdate;
          send({ type: 'error', error: { type: r.type ?? 'invalid_request_error', code: r.code, message: r.message, param: null, event_id: null } });
        } else {
          const session = structuredClone(ev.session) as Record<string, any>;
          if (opts.confirmFormat && session.audio) {
            session.audio.input.format = { type: opts.confirmFormat };
            session.audio.output.format = { type: opts.confirmFormat };
          }
          const updated = { type: 'session.updated', session };
          if (opts.holdSessionUpdated) heldUpdate = updated;
          else send(updated);
        }
      }
      if (ev.type === 'response.cancel' && typeof ev.response_id === 'string') cancelled.add(ev.response_id);
    }
    notify();
  });
  if (sendCreated) send({ type: 'session.created', session: { type: 'realtime', id: `sess_${id}`, model: 'gpt-realtime' } });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const session: FakeRealtimeSession = {
    id,
    ws,
    request: { url: req.url ?? '', headers: req.headers },
    events,
    audio: () => Buffer.concat(audio),
    audioBytes: () => audioBytes,
    appendCount: () => appends,
    waitForEvent(pred) {
      let seen = 0;
      return waitUntil(
        () => {
          for (; seen < events.length; seen++) if (pred(events[seen]!)) return events[seen]!;
          return undefined;
        },
        subscribe,
        `a client event ${pred}`,
      );
    },
    waitForAudio(minBytes) {
      return waitUntil(() => (audioBytes >= minBytes ? true : undefined), subscribe, `${minBytes} bytes of audio`).then(() => undefined);
    },
    async speak(pcm, o = {}) {
      const k = ++n;
      const responseId = o.responseId ?? `resp_${id}_${k}`;
      const itemId = o.itemId ?? `item_${id}_${k}`;
      const chunk = o.chunkBytes ?? 800;
      send({ type: 'response.created', response: { id: responseId, object: 'realtime.response', status: 'in_progress', output: [] } });
      send({ type: 'response.output_item.added', response_id: responseId, output_index: 0, item: { id: itemId, type: 'message', role: 'assistant' } });
      let late = -1;
      let i = 0;
      for (let off = 0; off < pcm.length; off += chunk, i++) {
        if (i === o.pauseAfter) await o.resume;
        if (cancelled.has(responseId)) {
          if (late < 0) late = o.lateDeltas ?? 0;
          if (late-- <= 0) break;
        }
        if (ws.readyState !== ws.OPEN) break;
        o.onDelta?.(i);
        send({ type: 'response.output_audio.delta', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0, delta: pcm.subarray(off, off + chunk).toString('base64') });
        if (o.paceMs) await sleep(o.paceMs);
        else if (i % 16 === 15) await sleep(0);
      }
      const wasCancelled = cancelled.has(responseId);
      send({ type: 'response.output_audio.done', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 });
      if (o.transcript !== undefined) {
        send({ type: 'response.output_audio_transcript.done', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0, transcript: o.transcript });
      }
      const usage = usageFor(pcm.length);
      send({ type: 'response.done', response: { id: responseId, object: 'realtime.response', status: wasCancelled ? 'cancelled' : 'completed', output: [], ...(usage ? { usage } : {}) } });
      return { responseId, itemId, cancelled: wasCancelled };
    },
    speechStarted(itemId = `item_user_${id}_${++n}`) {
      send({ type: 'input_audio_buffer.speech_started', audio_start_ms: 0, item_id: itemId });
      return itemId;
    },
    userTranscript(itemId, text) {
      send({ type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, content_index: 0, transcript: text });
    },
    async toolCall(name, args, o = {}) {
      const k = ++n;
      const responseId = `resp_${id}_${k}`;
      const callId = `call_${id}_${k}`;
      const itemId = `item_${id}_${k}`;
      send({ type: 'response.created', response: { id: responseId, status: 'in_progress', output: [] } });
      const audio = o.audio ?? Buffer.alloc(0);
      const chunk = o.chunkBytes ?? 800;
      for (let off = 0; off < audio.length; off += chunk) {
        send({ type: 'response.output_audio.delta', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0, delta: audio.subarray(off, off + chunk).toString('base64') });
      }
      send({ type: 'response.function_call_arguments.done', response_id: responseId, item_id: `item_fc_${k}`, output_index: 1, call_id: callId, name, arguments: JSON.stringify(args) });
      if (o.holdDone) await o.holdDone;
      const usage = usageFor(audio.length);
      send({ type: 'response.done', response: { id: responseId, status: 'completed', output: [], ...(usage ? { usage } : {}) } });
      return { callId, responseId, itemId };
    },
    confirmSession() {
      if (heldUpdate) send(heldUpdate);
      heldUpdate = null;
    },
    speechStopped(itemId = `item_user_${id}_${n}`) {
      send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: 0, item_id: itemId });
    },
    send,
    drop() {
      ws.terminate();
    },
    closed,
  };
  return session;
}
