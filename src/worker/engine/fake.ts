// A scripted, in-process engine: plays a fixed conversation through the engine port without any
// network. For tests and local runs of the bridge where the OpenAI adapter is not the subject.
import type { Engine, EngineCloseReason, EngineEvent, EngineSession, EngineSessionOptions } from './port.ts';

export type ScriptStep =
  /** The assistant says this (base64 µ-law), in deltas of `chunkBytes`. */
  | { type: 'say'; audio: string; chunkBytes?: number; transcript?: string }
  /** Waits until the caller has sent `ms` of audio beyond what earlier listens consumed (8 bytes per ms), then reports their speech. */
  | { type: 'listen'; ms: number; transcript?: string }
  /** Calls a tool and waits for the answer. */
  | { type: 'tool'; name: string; args: Record<string, unknown> }
  | { type: 'fail'; reason: Exclude<EngineCloseReason, 'closed_by_us'> };

export interface ScriptedSessionLog {
  callSid: string;
  lang: string;
  order: string | null;
  audioBytes: number;
  truncates: Array<{ itemId: string; audioEndMs: number }>;
  cancels: string[];
  toolResults: Array<{ callId: string; output: string }>;
  responsesRequested: number;
  told: string[];
  closed: boolean;
}

const b64Bytes = (s: string) => Math.floor((s.length * 3) / 4) - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);

export function createScriptedEngine(script: ScriptStep[], opts: { configured?: boolean } = {}): Engine & { sessions: ScriptedSessionLog[] } {
  const sessions: ScriptedSessionLog[] = [];
  return {
    configured: opts.configured ?? true,
    sessions,
    open(o: EngineSessionOptions): EngineSession {
      const log: ScriptedSessionLog = { callSid: o.callSid, lang: o.lang, order: o.order, audioBytes: 0, truncates: [], cancels: [], toolResults: [], responsesRequested: 0, told: [], closed: false };
      sessions.push(log);
      let n = 0;
      let heard = 0;
      let wake: (() => void) | null = null;
      const tick = () => new Promise<void>((r) => setImmediate(r));
      const emit = (e: EngineEvent) => {
        if (!log.closed) o.onEvent(e);
      };
      const until = (cond: () => boolean) =>
        new Promise<void>((r) => {
          const check = () => (cond() || log.closed ? r() : (wake = check));
          check();
        });
      const poke = () => {
        const w = wake;
        wake = null;
        w?.();
      };

      void (async () => {
        await tick();
        emit({ type: 'ready' });
        for (const step of script) {
          if (log.closed) return;
          const k = ++n;
          if (step.type === 'say') {
            const responseId = `resp_${k}`;
            const itemId = `item_${k}`;
            emit({ type: 'response_started', responseId });
            const chunk = Math.max(4, Math.floor((step.chunkBytes ?? 800) / 3) * 4); // whole base64 groups
            for (let off = 0; off < step.audio.length && !log.cancels.includes(responseId); off += chunk) {
              emit({ type: 'audio_delta', responseId, itemId, payload: step.audio.slice(off, off + chunk) });
              await tick();
            }
            if (step.transcript) emit({ type: 'transcript', role: 'assistant', itemId, text: step.transcript });
            emit({ type: 'response_done', responseId, status: log.cancels.includes(responseId) ? 'cancelled' : 'completed' });
          } else if (step.type === 'listen') {
            heard += step.ms * 8;
            await until(() => log.audioBytes >= heard);
            emit({ type: 'speech_started', itemId: `item_user_${k}` });
            if (step.transcript) emit({ type: 'transcript', role: 'user', itemId: `item_user_${k}`, text: step.transcript });
          } else if (step.type === 'tool') {
            const callId = `call_${k}`;
            const responseId = `resp_${k}`;
            emit({ type: 'response_started', responseId });
            emit({ type: 'tool_call', callId, name: step.name, arguments: JSON.stringify(step.args), responseId });
            emit({ type: 'response_done', responseId, status: 'completed' });
            await until(() => log.toolResults.some((t) => t.callId === callId));
          } else {
            emit({ type: 'closed', reason: step.reason });
            log.closed = true;
          }
        }
      })();

      return {
        appendAudio(payload) {
          log.audioBytes += b64Bytes(payload);
          poke();
        },
        truncate: (itemId, audioEndMs) => void log.truncates.push({ itemId, audioEndMs }),
        cancelResponse: (id) => void log.cancels.push(id),
        toolResult(callId, output) {
          log.toolResults.push({ callId, output });
          poke();
        },
        createResponse: () => void log.responsesRequested++,
        tellModel(text) {
          log.told.push(text);
          log.responsesRequested++;
        },
        close() {
          if (log.closed) return;
          emit({ type: 'closed', reason: 'closed_by_us' });
          log.closed = true;
          poke();
        },
      };
    },
  };
}
