// One soak caller: Twilio's side of a call (the simulator) plus, for the AI leg, Twilio's side
// of the Media Stream through nginx to a worker, with the per-call token from the TwiML's
// <Parameter>s, audio both ways, and the stream's end before Twilio asks /webhook/stream_end.
import type { CallerIO } from '../../src/sim/call.ts';
import { connectFakeTwilioStream } from '../../test/fakes/fake-twilio-stream.ts';
import { AI_CODES, answerFor, type SoakJourney } from './journeys.ts';

/** 400 ms of caller audio; its byte tells the fake model how to end the leg (engine.ts). */
const callerAudio = (code: number) => Buffer.alloc(3200, code);
/** A leg that has not ended by then is stuck: the caller hangs up and it is counted. */
const LEG_BOUND_MS = 60_000;

export interface LegStats {
  started: number;
  /** The upgrade was refused (e.g. a worker restarting behind nginx); Twilio then goes on to the action. */
  refused: number;
  /** Caller audio sent and Liza's audio heard. */
  heardLiza: number;
  stuck: number;
}

export const newLegStats = (): LegStats => ({ started: 0, refused: 0, heardLiza: 0, stuck: 0 });

export function soakCaller(j: SoakJourney, o: { authToken: string; ca: string; localAddress: string; legs: LegStats }): CallerIO & { said: string[] } {
  const helpLeft = [...j.help];
  const said: string[] = [];
  return {
    said,
    say(text) {
      said.push(text);
    },
    async keys(g) {
      return answerFor(j, g.action, helpLeft);
    },
    async dialAnswered() {
      return j.staffAnswers;
    },
    note() {},
    async stream({ streamUrl, params }) {
      o.legs.started++;
      const code = AI_CODES[j.kind as keyof typeof AI_CODES] ?? AI_CODES.ai_end;
      let s;
      try {
        s = await connectFakeTwilioStream({ url: streamUrl, signedUrl: streamUrl, authToken: o.authToken, customParameters: params, callSid: params.call, ca: o.ca, localAddress: o.localAddress });
      } catch {
        o.legs.refused++;
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<'stuck'>((r) => (timer = setTimeout(() => r('stuck'), LEG_BOUND_MS)));
      const leg = (async () => {
        s.start();
        await s.sendAudio(callerAudio(code));
        const heard = await Promise.race([s.waitForFrame(() => s.receivedAudio().length > 0), s.closed]);
        if (typeof heard === 'object') o.legs.heardLiza++;
        // Back to the menu from the keypad, as a caller does (the worker then ends the stream).
        if (code === AI_CODES.ai_star) s.sendDtmf('*');
        await s.closed;
      })();
      const r = await Promise.race([leg, bound]);
      clearTimeout(timer);
      if (r === 'stuck') {
        o.legs.stuck++;
        s.hangup();
      }
    },
  };
}
