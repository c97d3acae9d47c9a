import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import type { Call } from '../domain/index.ts';

/**
 * One `info` line when a call ends (Twilio's final status callback), so operators can follow a
 * call in the logs without opening the staff pages: how it ended, how far the caller got, what
 * was recorded. Never a full number, a name or anything the caller said.
 */
export async function logCallSummary(store: Store, logger: Logger, call: Call, twilioStatus: string): Promise<void> {
  try {
    const [events, consent, orders] = await Promise.all([store.listCallEvents(call.id), store.getConsent(call.id), store.listOrdersForCall(call.id)]);
    const ivr = events.filter((e) => e.kind === 'ivr');
    logger.info(
      {
        callSid: call.callSid,
        twilioStatus,
        status: call.status,
        lang: call.language,
        durationS: call.durationS,
        turns: ivr.length,
        lastStep: ivr.at(-1)?.step ?? null,
        consent: consent ? (consent.given ? 'given' : 'declined') : 'none',
        orders: orders.length,
        aiLeg: events.some((e) => e.kind === 'ai'),
        // From the <Record> action: the recording's own callback may come after the call's.
        voiceMessage: ivr.some((e) => e.detail?.outcome === 'voicemail_left'),
      },
      'call ended',
    );
  } catch (err) {
    // The callback itself is answered regardless; only the summary is lost.
    logger.warn({ callSid: call.callSid, reason: err instanceof Error ? err.message : String(err) }, 'call summary could not be read');
  }
}
