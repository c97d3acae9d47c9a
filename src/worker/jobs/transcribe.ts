// The `transcribe` job: a voice message left through <Record> becomes text on its call.
import { Buffer } from 'node:buffer';
import type { Store } from '../../store/store.ts';
import { describeRecordingProblem, fetchTwilioMedia, problemOfStatus, type TwilioMediaAccess } from '../../telephony/recording-fetch.ts';
import { lazyOpenAi } from './openai-client.ts';
import { PermanentJobError, type JobHandler } from './runner.ts';

export interface TranscribeConfig {
  store: Store;
  twilio: TwilioMediaAccess;
  openai: { apiKey: string; baseUrl: string; model: string };
  /** Per HTTP request (download, transcription). */
  timeoutMs?: number;
}

/** Twilio serves a recording at its RecordingUrl plus `.mp3` or `.wav`; mp3 is a tenth of the size. */
export const RECORDING_FORMAT = '.mp3';

/**
 * Downloads the recording (HTTP Basic with the account SID and auth token, as Twilio requires when
 * recordings are protected; only from TWILIO_API_BASE_URL's host, see fetchTwilioMedia) and transcribes it with the openai package at OPENAI_BASE_URL.
 * https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file
 * https://platform.openai.com/docs/api-reference/audio/createTranscription
 */
export function createTranscribeHandler(cfg: TranscribeConfig): JobHandler {
  const timeout = cfg.timeoutMs ?? 120_000;
  const openai = lazyOpenAi({ apiKey: cfg.openai.apiKey, baseUrl: cfg.openai.baseUrl, timeout });
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
      // One clear sentence, not a stack: the runner logs it as the attempt's one warning line,
      // and the call page shows it when the attempts are used up.
      const got = await fetchTwilioMedia(cfg.twilio, rec.url, RECORDING_FORMAT, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeout)]) });
      if (got.kind === 'problem') {
        const sentence = describeRecordingProblem(got.problem, got);
        // A URL off Twilio's host does not become one by retrying.
        throw got.problem === 'not_twilio' ? new PermanentJobError(sentence) : new Error(sentence);
      }
      const res = got.response;
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(describeRecordingProblem(problemOfStatus(res.status), { status: res.status }));
      }
      const audio = Buffer.from(await res.arrayBuffer());
      if (audio.length === 0) throw new Error('recording download was empty');
      const [client, { toFile }] = await Promise.all([openai.client(), openai.pkg()]);
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
