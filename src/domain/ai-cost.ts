// What an AI conversation cost, estimated from its tokens and the configured prices. Pure.
import type { AiUsage } from './ai-legs.ts';

/** US dollars per million tokens (OPENAI_PRICE_*), and the euro rate. */
export interface AiPriceList {
  textIn: number;
  audioIn: number;
  cachedIn: number;
  textOut: number;
  audioOut: number;
  eurPerUsd: number;
}

export const NO_USAGE: AiUsage = { inputTextTokens: 0, inputAudioTokens: 0, inputCachedTokens: 0, outputTextTokens: 0, outputAudioTokens: 0 };

export function addUsage(a: AiUsage, b: AiUsage): AiUsage {
  return {
    inputTextTokens: a.inputTextTokens + b.inputTextTokens,
    inputAudioTokens: a.inputAudioTokens + b.inputAudioTokens,
    inputCachedTokens: a.inputCachedTokens + b.inputCachedTokens,
    outputTextTokens: a.outputTextTokens + b.outputTextTokens,
    outputAudioTokens: a.outputAudioTokens + b.outputAudioTokens,
  };
}

/**
 * The estimate in dollars and euros. The text and audio input counts include the cached tokens,
 * which are priced at the cached rate instead. Only their total is kept, so they are taken from
 * the text input first (the cached prefix is mostly the instructions), then from the audio.
 */
export function aiCost(u: AiUsage, p: AiPriceList): { usd: number; eur: number } {
  const cachedText = Math.min(u.inputCachedTokens, u.inputTextTokens);
  const cachedAudio = Math.min(u.inputCachedTokens - cachedText, u.inputAudioTokens);
  const usd =
    ((u.inputTextTokens - cachedText) * p.textIn +
      (u.inputAudioTokens - cachedAudio) * p.audioIn +
      (cachedText + cachedAudio) * p.cachedIn +
      u.outputTextTokens * p.textOut +
      u.outputAudioTokens * p.audioOut) / 1e6;
  return { usd, eur: usd * p.eurPerUsd };
}
