// The fake OpenAI Realtime service's side of every AI leg in the soak: hear the caller, then
// answer as the caller's audio asks (journeys.ts AI_CODES): say something and call `end_call`,
// say something and call `transfer_to_staff`, or just speak (the caller then presses *).
import { startFakeRealtime, type FakeRealtime, type FakeRealtimeSession } from '../../test/fakes/fake-realtime.ts';
import { AI_CODES } from './journeys.ts';

const LIZA_AUDIO = Buffer.alloc(1600, 0x2a); // 200 ms

export interface SoakEngine {
  url: string;
  fake: FakeRealtime;
  close(): Promise<void>;
}

async function converse(s: FakeRealtimeSession): Promise<void> {
  await s.waitForAudio(800);
  const code = s.audio()[0];
  if (code === AI_CODES.ai_transfer) await s.toolCall('transfer_to_staff', { reason: 'the caller asked for a person' }, { audio: LIZA_AUDIO });
  else if (code === AI_CODES.ai_star) await s.speak(LIZA_AUDIO, { transcript: 'Wie kann ich helfen?' });
  else await s.toolCall('end_call', {}, { audio: LIZA_AUDIO });
}

export async function startSoakEngine(): Promise<SoakEngine> {
  const fake = await startFakeRealtime();
  let open = true;
  let stop!: (v: null) => void;
  const stopped = new Promise<null>((r) => (stop = r));
  void (async () => {
    while (open) {
      const s = await Promise.race([fake.nextSession(), stopped]);
      if (!s) return;
      // A worker killed mid-leg drops the socket: the conversation is abandoned with it.
      void Promise.race([converse(s), s.closed]).catch(() => {});
    }
  })();
  return {
    url: fake.url,
    fake,
    async close() {
      open = false;
      stop(null);
      await fake.close();
    },
  };
}
