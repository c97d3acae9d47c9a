// What Liza tells the Realtime model at the start of each call. Pure.
import type { RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import type { Lang } from '../../domain/index.ts';

export const LOOKUP_ORDER_TOOL = 'lookup_order';
export const TRANSFER_TOOL = 'transfer_to_staff';
export const END_CALL_TOOL = 'end_call';

/** Which of the acting tools this call may use (the hand-over needs STAFF_PHONE_NUMBER). */
export interface SessionTools {
  transferToStaff: boolean;
}
/** Realtime voices differ from the Polly voices of the IVR; marin is OpenAI's recommended one. */
export const REALTIME_VOICE = 'marin';

function instructions(lang: Lang, company: string, order: string | null, tools: SessionTools): string {
  if (lang === 'de-DE') {
    return [
      `Du bist Liza, die freundliche Telefonassistentin von ${company}. Du sprichst ausschließlich Deutsch und siezt den Anrufer.`,
      'Antworte kurz, klar und höflich, in ein bis zwei Sätzen: es ist ein Telefonat.',
      'Du hilfst bei Fragen zu Bestellungen. Den Status einer Bestellung erfährst du nur über das Werkzeug lookup_order; erfinde nie einen Status.',
      order ? `Der Anrufer hat vorher die Bestellnummer ${order} eingegeben.` : 'Der Anrufer hat noch keine Bestellnummer eingegeben.',
      tools.transferToStaff
        ? 'Möchte der Anrufer mit einem Menschen sprechen oder kannst du nicht helfen, sag kurz, dass du verbindest, und rufe transfer_to_staff auf.'
        : 'Eine Verbindung zu einem Mitarbeiter ist gerade nicht möglich; sag das ehrlich, wenn danach gefragt wird.',
      'Ist das Anliegen erledigt und verabschiedet sich der Anrufer, verabschiede dich kurz und rufe end_call auf.',
      'Begrüße den Anrufer zu Beginn kurz und frage, wie du helfen kannst.',
    ].join(' ');
  }
  return [
    `You are Liza, the friendly telephone assistant of ${company}. Speak ${lang === 'en-US' ? 'American' : 'British'} English only.`,
    'Keep every answer short, clear and polite, one or two sentences: this is a phone call.',
    'You help with questions about orders. You learn an order status only through the lookup_order tool; never invent one.',
    order ? `Before this conversation the caller entered order number ${order}.` : 'The caller has not entered an order number yet.',
    tools.transferToStaff
      ? 'If the caller wants a person, or you cannot help, say briefly that you are connecting them and call transfer_to_staff.'
      : 'Talking to a member of staff is not possible right now; say so honestly if asked.',
    'When the matter is settled and the caller says goodbye, say goodbye briefly and call end_call.',
    'Begin by greeting the caller briefly and asking how you can help.',
  ].join(' ');
}

/**
 * The GA `session.update` body: µ-law in and out (no transcoding for Twilio), server VAD, input
 * transcription, Liza's persona in the caller's language, and the order lookup tool.
 * https://platform.openai.com/docs/api-reference/realtime-client-events/session/update
 */
export function buildSession(o: { lang: Lang; company: string; order: string | null; transcribeModel: string; tools?: SessionTools }): RealtimeSessionCreateRequest {
  const tools = o.tools ?? { transferToStaff: false };
  return {
    type: 'realtime',
    instructions: instructions(o.lang, o.company, o.order, tools),
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
      ...(tools.transferToStaff
        ? [{
            type: 'function' as const,
            name: TRANSFER_TOOL,
            description: 'Passes the caller to a member of staff. Say one short sentence first; the call is handed over once it has played.',
            parameters: { type: 'object', properties: {} },
          }]
        : []),
      {
        type: 'function',
        name: END_CALL_TOOL,
        description: 'Ends the call politely. Say goodbye first; the call ends once it has played.',
        parameters: { type: 'object', properties: {} },
      },
    ],
    tool_choice: 'auto',
  };
}
