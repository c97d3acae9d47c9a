import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_BYTES } from '../fakes/fake-twilio-stream.ts';
import { startTestWorker, testAudio, type TestWorker } from './helpers.ts';

let w: TestWorker | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const scrape = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
};

describe('worker GET /metrics', () => {
  it('counts live streams, how AI legs ended, engine errors and the job queue', async () => {
    w = await startTestWorker();
    await w.store.enqueueJob({ kind: 'transcribe', payload: { recordingId: 1 }, dedupeKey: 'transcribe:RE1' });
    await w.makeCall('CA_m');
    const tw = await w.twilio({ callSid: 'CA_m', customParameters: { call: 'CA_m', lang: 'de-DE', order: '' } });
    tw.start();
    const engine = await w.realtime.nextSession();
    await engine.waitForEvent((e) => e.type === 'session.update');
    const during = await scrape(w.port);
    expect(during).toContain('liza_media_streams_live 1');
    expect(during).toContain('liza_jobs{status="queued"} 1');
    expect(during).toContain('liza_database_up 1');
    const talking = tw.sendAudio(testAudio(FRAME_BYTES * 10));
    engine.drop();
    await tw.closed;
    await talking;
    const after = await scrape(w.port);
    expect(after).toContain('liza_media_streams_live 0');
    expect(after).toContain('liza_media_streams_ended_total{reason="engine_dropped"} 1');
    expect(after).toContain('liza_engine_errors_total{reason="engine_dropped"} 1');
  });
});
