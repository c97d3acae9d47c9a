import type { Call } from '../../domain/index.ts';
import type { Config } from '../../config/index.ts';
import type { Store } from '../../store/store.ts';
import type { ControlOffer } from '../../views/call-control.tsx';
import { callbackSources, isLive } from './eligibility.ts';
import { callControlOff } from './twilio-calls.ts';

/**
 * What a page offers: the buttons only when call control is configured, a callback only to
 * consented callers, live control only on a live call. The key is new for every render, so a
 * double click posts one key twice (one call), and a second visit can place a second call.
 */
export async function controlOffer(store: Store, config: Config, calls: Call[], live: Call | null, now: Date): Promise<ControlOffer> {
  if (callControlOff(config)) return { callback: null, live: null };
  const sources = await callbackSources(store, calls);
  return {
    callback: { key: crypto.randomUUID(), sources },
    live: live && isLive(live, now) ? { transfer: !!config.staffPhoneNumber } : null,
  };
}
