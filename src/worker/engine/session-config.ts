// What Liza tells the Realtime model at the start of each call. Pure.
import type { RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import type { Lang } from '../../domain/index.ts';

export const LOOKUP_ORDER_TOOL = 'lookup_order';
/** Realtime voices differ from the Polly voices of the IVR; marin is OpenAI's recommended one. */
export const REALTIME_VOICE = 'marin';

function instructions(lang: Lang, company: string, order: string | null): string {
  if (lang === 'de-DE') {
    return [
      `Du bist Liza, die freundliche Telefonassistentin von ${company}. Du sprichst ausschließlich Deutsch und siezt den Anrufer.`,
      'Antworte kurz, klar und höflich, in ein bis zwei Sätzen: es ist ein Telefonat.',
      'Du hilfst bei Fragen zu Bestellungen. Den Status einer Bestellung erfährst du nur über das Werkzeug lookup_order; erfinde nie einen Status.',
      order ? `Der Anrufer hat vorher die Bestellnummer ${order} eingegeben.` : 'Der Anrufer hat noch keine Bestellnummer eingegeben.',
      'Begrüße den Anrufer zu Beginn kurz und frage, wie du helfen kannst.',
    ].join(' ');
  }
  return [
    `You are Liza, the friendly telephone assistant of ${company}. Speak ${lang === 'en-US' ? 'American' : 'British'} English only.`,
    'Keep every answer short, clear and polite, one or two sentences: this is a phone call.',
    'You help with questions about orders. You learn an order status only through the lookup_order tool; never invent one.',
    order ? `Before this conversation the caller entered order number ${order}.` : 'The caller has not entered an order number yet.',
    'Begin by greeting the caller briefly and asking how you can help.',
  ].join(' ');
}

/**
 * The GA `session.update` body: µ-law in and out (no transcoding for Twilio), server VAD, input
 * transcription, Liza's persona in the caller's language, and the order lookup tool.
 * https://platform.openai.com/docs/api-reference/realtime-client-events/session/update
 */
export function buildSession(o: { lang: Lang; company: string; order: string | null; transcribeModel: string }): RealtimeSessionCreateRequest {
  return {
    type: 'realtime',
    instructions: instructions(o.lang, o.company, o.order),
    output_modalities: ['audio'],
    audio: {
      input: {
        format: { type: 'audio/pcmu' },
        turn_detection: { type: 'server_vad', create_response: true, interrupt_response: true },
        transcription: { model: o.transcribeModel, language: o.lang.slice(0, 2) },
      },
      output: { format: { type: 'audio/pcmu' }, voice: REALTIME_VOICE },
    },
    tools: [
      {
        type: 'function',
        name: LOOKUP_ORDER_TOOL,
        description: 'Looks up the current status of an order by its number (4 to 12 digits).',
        parameters: {
          type: 'object',
          properties: { order_number: { type: 'string', description: 'The order number, digits only' } },
          required: ['order_number'],
        },
      },
    ],
    tool_choice: 'auto',
  };
}
