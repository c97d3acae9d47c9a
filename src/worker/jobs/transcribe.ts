// The `transcribe` job: a voice message left through <Record> becomes text on its call.
import { Buffer } from 'node:buffer';
import OpenAI, { toFile } from 'openai';
import type { Store } from '../../store/store.ts';
import { describeFetchError, describeRecordingProblem, problemOfStatus } from '../../telephony/recording-fetch.ts';
import { PermanentJobError, type JobHandler } from './runner.ts';

export interface TranscribeConfig {
  store: Store;
  twilio: { accountSid: string | null; authToken: string };
  openai: { apiKey: string; baseUrl: string; model: string };
  /** Per HTTP request (download, transcription). */
  timeoutMs?: number;
}

/** Twilio serves a recording at its RecordingUrl plus `.mp3` or `.wav`; mp3 is a tenth of the size. */
export const RECORDING_FORMAT = '.mp3';

/**
 * Downloads the recording (HTTP Basic with the account SID and auth token, as Twilio requires when
 * recordings are protected) and transcribes it with the openai package at OPENAI_BASE_URL.
 * https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file
 * https://platform.openai.com/docs/api-reference/audio/createTranscription
 */
export function createTranscribeHandler(cfg: TranscribeConfig): JobHandler {
  const timeout = cfg.timeoutMs ?? 120_000;
  const client = new OpenAI({ apiKey: cfg.openai.apiKey, baseURL: cfg.openai.baseUrl, maxRetries: 0, timeout });
  const recordingIdOf = (payload: Record<string, unknown>) => {
    const id = Number(payload.recordingId);
    if (!Number.isInteger(id)) throw new PermanentJobError('job payload has no recordingId');
    return id;
  };
  return {
    async run(job, signal) {
      const recordingId = recordingIdOf(job.payload);
      const rec = await cfg.store.getRecording(recordingId);
      if (!rec) throw new PermanentJobError(`recording ${recordingId} not found`);
      // Erased (retention or a caller's request) before its turn came: there is nothing to transcribe.
      if (rec.status === 'deleted') return;
      const call = await cfg.store.getCall(rec.callId);
      const headers: Record<string, string> = {};
      if (cfg.twilio.accountSid) {
        headers.Authorization = 'Basic ' + Buffer.from(`${cfg.twilio.accountSid}:${cfg.twilio.authToken}`).toString('base64');
      }
      // One clear sentence, not a stack: the runner logs it as the attempt's one warning line,
      // and the call page shows it when the attempts are used up.
      let res: Response;
      try {
        res = await fetch(rec.url + RECORDING_FORMAT, { headers, signal: AbortSignal.any([signal, AbortSignal.timeout(timeout)]) });
      } catch (err) {
        if (signal.aborted) throw err;
        throw new Error(describeRecordingProblem('unreachable', { reason: describeFetchError(err) }));
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(describeRecordingProblem(problemOfStatus(res.status), { status: res.status }));
      }
      const audio = Buffer.from(await res.arrayBuffer());
      if (audio.length === 0) throw new Error('recording download was empty');
      const result = await client.audio.transcriptions.create(
        {
          file: await toFile(audio, `${rec.recordingSid}${RECORDING_FORMAT}`, { type: 'audio/mpeg' }),
          model: cfg.openai.model,
          ...(call ? { language: call.language.slice(0, 2) } : {}),
        },
        { signal },
      );
      await cfg.store.setTranscript(recordingId, { status: 'done', text: result.text.trim() });
    },
    async onFailed(job, error) {
      await cfg.store.setTranscript(recordingIdOf(job.payload), { status: 'failed', error });
    },
  };
}
