// A data subject's request by phone number (issue 15 point 4): find, export and erase everything
// linked to the number. Shared by the /privacy page and `npm run gdpr`.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Call, CallEvent, Consent, Order, Recording, Transcript } from '../domain/index.ts';
import { maskNumber } from '../telephony/phone.ts';
import type { ErasureCounts, Store } from '../store/store.ts';
import { eraseCalls, type EraseDeps } from './erase.ts';

/** A number as staff or operators type it: any format libphonenumber-js reads; national ones as German (the default language's country). */
export function parseSubjectNumber(input: string): { e164: string; masked: string } | null {
  const parsed = parsePhoneNumberFromString(input.trim(), 'DE');
  if (!parsed || !parsed.isPossible()) return null;
  return { e164: parsed.number, masked: maskNumber(parsed.number) };
}

export interface SubjectCall {
  call: Call;
  consent: Consent | null;
  events: CallEvent[];
  recordings: Recording[];
  transcripts: Transcript[];
  orders: Order[];
}

export interface Subject {
  e164: string;
  masked: string;
  calls: SubjectCall[];
  /** Orders linked to one of the calls, or listing the number among the shop's customer phones. */
  orders: Order[];
}

export async function findSubject(store: Store, number: { e164: string; masked: string }): Promise<Subject> {
  const calls = await store.listCallsByNumber(number.e164);
  const detailed = await Promise.all(
    calls.map(async (call) => {
      const [consent, events, recordings, transcripts, orders] = await Promise.all([
        store.getConsent(call.id), store.listCallEvents(call.id), store.listRecordingsForCall(call.id), store.listTranscriptsForCall(call.id), store.listOrdersForCall(call.id),
      ]);
      return { call, consent, events, recordings, transcripts, orders };
    }),
  );
  const orders = new Map<number, Order>();
  for (const o of [...detailed.flatMap((c) => c.orders), ...(await store.listOrdersByPhone(number.e164))]) orders.set(o.id, o);
  return { ...number, calls: detailed, orders: [...orders.values()].sort((a, b) => a.id - b.id) };
}

/** What an export or erasure is about, as counted in the audit trail. */
export function subjectCounts(s: Subject): Record<string, number> {
  return {
    calls: s.calls.length,
    recordings: s.calls.reduce((n, c) => n + c.recordings.length, 0),
    transcripts: s.calls.reduce((n, c) => n + c.transcripts.filter((t) => t.text).length, 0),
    consents: s.calls.filter((c) => c.consent).length,
    orders: s.orders.length,
  };
}

/** The export document: everything linked to the number, with the recordings' URLs on our side. */
export function exportDocument(s: Subject, publicBaseUrl: string, at: Date) {
  return {
    format: 'liza-privacy-export/1',
    exportedAt: at.toISOString(),
    number: s.e164,
    calls: s.calls.map((c) => ({
      ...c.call,
      consent: c.consent,
      events: c.events,
      recordings: c.recordings.map((r) => ({ ...r, url: `${publicBaseUrl}/calls/${c.call.id}/recordings/${r.id}.mp3`, twilioUrl: r.url || null })),
      transcripts: c.transcripts,
      orderIds: c.orders.map((o) => o.id),
    })),
    orders: s.orders,
  };
}

/** Erases everything linked to the number as retention would, at once (Twilio's recordings included). */
export async function eraseSubject(deps: EraseDeps, s: Subject, actor: string): Promise<ErasureCounts> {
  return eraseCalls(deps, s.calls.map((c) => c.call), { actor, field: 'erase', masked: s.masked, removePhone: s.e164 });
}
