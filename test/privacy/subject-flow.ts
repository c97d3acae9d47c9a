// Two consenting callers with everything Liza can keep of them: calls, an order, a voice message
// (recording at the fake Twilio, transcript), AI conversation lines. Used by the export/erase and
// retention tests. The transcript and AI lines are written as the worker writes them (its store calls).
import { parseConfig, type Config } from '../../src/config/index.ts';
import { createApp } from '../../src/edge/app.ts';
import type { Logger } from '../../src/log/logger.ts';
import type { Store } from '../../src/store/store.ts';
import type { FakeTwilioRest } from '../fakes/fake-twilio-rest.ts';
import { walkCall } from '../helpers/sim.ts';

export interface Person {
  number: string;
  national: string;
  name: string;
  order: string;
  /** Said in the AI conversation and in the voice message: personal text of this caller. */
  words: string;
}

export const ERIKA: Person = { number: '+4915112345678', national: '15112345678', name: 'Erika Mustermann', order: '471100', words: 'Erika spricht über ihr Fahrrad' };
export const MAX: Person = { number: '+4917699887766', national: '17699887766', name: 'Max Beispiel', order: '471200', words: 'Max spricht über seinen Toaster' };

export function appWith(store: Store, fake: FakeTwilioRest, logger: Logger, clock?: () => Date, env: Record<string, string> = {}) {
  const config: Config = parseConfig({ TWILIO_AUTH_TOKEN: fake.authToken, TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_API_BASE_URL: fake.baseUrl, ...env });
  return { app: createApp({ store, config, logger, clock }), config };
}

/** One call of `p`: consent, order, a voice message; then the worker's transcript and an AI line. */
export async function callWithEverything(env: ReturnType<typeof appWith>, store: Store, fake: FakeTwilioRest, p: Person) {
  const r = await walkCall(env.app, env.config, p.number, ['1', `${p.order}#`, '1', '4'], { callerName: p.name });
  const call = (await store.getCallBySid(r.callSid))!;
  const recs = await store.listRecordingsForCall(call.id);
  if (recs.length !== 1) throw new Error(`expected one recording, got ${recs.length}`);
  // Twilio holds the audio.
  for (const rec of recs) fake.recordings.add(rec.recordingSid);
  await store.setTranscript(recs[0]!.id, { status: 'done', text: `${p.words} (Nachricht)` });
  await store.addCallEvent(r.callSid, { key: 'ai:item1:user', kind: 'ai', step: 'user', text: `${p.words}, meine Nummer ist 0${p.national}`, at: new Date() });
  return { callSid: r.callSid, call, recordingSid: recs[0]!.recordingSid };
}
