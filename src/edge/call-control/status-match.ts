// Twilio may POST a callback's first StatusCallback (`initiated`) before its answer to calls.create
// has reached us, i.e. before the CallSid is stored on the call row; matched by CallSid alone that
// event found no call and was dropped. The StatusCallback URL of a callback therefore carries our
// call id (`?call=`), signed by Twilio with the rest of the URL, and such an event lets the call
// take its CallSid first (confirmCallback later stores the same one).
// https://www.twilio.com/docs/voice/api/call-resource#statuscallback
// https://www.twilio.com/docs/voice/api/call-resource#statuscallbackevent
import type { Store } from '../../store/store.ts';

/** The StatusCallback URL for the callback stored as `callId`. */
export const callbackStatusUrl = (publicBaseUrl: string, callId: number) => `${publicBaseUrl}/webhook/status?call=${callId}`;

/**
 * Before a status event is filed by CallSid: if it names one of our callbacks (`call` from the
 * signed URL) that still waits for its CallSid, that call takes it. Twilio marks calls placed
 * through the REST API `Direction=outbound-api`; nothing else can adopt a SID.
 */
export async function adoptStatusCallSid(store: Store, call: string | undefined, p: Record<string, string>): Promise<boolean> {
  if (!call || !/^\d{1,12}$/.test(call) || !p.CallSid || p.Direction !== 'outbound-api') return false;
  return store.adoptCallbackSid(Number(call), p.CallSid);
}
