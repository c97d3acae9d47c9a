// A local stand-in for OpenAI's HTTP API, only what Liza uses: POST /v1/audio/transcriptions
// (multipart form with file, model, language), and GET /v1/models/{model} (the doctor's cheap
// key check: https://platform.openai.com/docs/api-reference/models/retrieve). Set
// OPENAI_BASE_URL to its `baseUrl`.
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TranscriptionRequest {
  authorization: string | undefined;
  model: string | null;
  language: string | null;
  filename: string | null;
  file: Buffer;
  /** Date.now() when the request's head arrived: the soak tells a repeat after a worker's kill from one without. */
  receivedAt: number;
}

export interface FakeOpenAiHttp {
  /** e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  readonly requests: TranscriptionRequest[];
  /** How to answer each transcription; default: a fixed text. Return a status to fail, or a promise to hold the request. */
  respond: (r: TranscriptionRequest) => Promise<{ status: number; body: unknown }> | { status: number; body: unknown };
  /** Every POST /v1/chat/completions body (the summary job), parsed. */
  readonly chats: Array<Record<string, any>>;
  /** The assistant message content for each chat completion (default: a German summary as JSON). */
  respondChat: (body: Record<string, any>) => string;
  /** Models GET /v1/models/{id} knows (default: gpt-realtime, gpt-4o-transcribe). */
  models: Set<string>;
  /** When set, a model lookup with another bearer key gets OpenAI's 401. */
  apiKey: string | null;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

export async function startFakeOpenAiHttp(): Promise<FakeOpenAiHttp> {
  const fake: FakeOpenAiHttp = {
    baseUrl: '',
    requests: [],
    chats: [],
    respondChat: () => JSON.stringify({
      summary: 'Der Anrufer fragte nach Bestellung 4711. Liza nannte den Status; er möchte zurückgerufen werden.',
      order_numbers: ['4711'],
      wanted: 'Lieferstatus und Rückruf',
      follow_up: true,
    }),
    respond: () => ({ status: 200, body: { text: 'Hallo, bitte rufen Sie mich zurück.' } }),
    models: new Set(['gpt-realtime', 'gpt-4o-transcribe']),
    apiKey: null,
    close: async () => undefined,
  };
  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    const model = req.method === 'GET' ? /^\/v1\/models\/([^/?]+)$/.exec(req.url ?? '') : null;
    if (model) {
      if (fake.apiKey && req.headers.authorization !== `Bearer ${fake.apiKey}`) {
        return send(401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      }
      const id = decodeURIComponent(model[1]!);
      if (!fake.models.has(id)) {
        return send(404, { error: { message: `The model '${id}' does not exist or you do not have access to it.`, type: 'invalid_request_error', param: null, code: 'model_not_found' } });
      }
      return send(200, { id, object: 'model', created: 1756252800, owned_by: 'system' });
    }
    if (req.method === 'POST' && req.url === '/v1/chat/completions') {
      // https://platform.openai.com/docs/api-reference/chat/create (the response object's shape)
      const chat = JSON.parse((await readBody(req)).toString()) as Record<string, any>;
      fake.chats.push(chat);
      return send(200, {
        id: `chatcmpl-${fake.chats.length}`, object: 'chat.completion', created: 1756252800, model: chat.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: fake.respondChat(chat), refusal: null } }],
        usage: { prompt_tokens: 200, completion_tokens: 60, total_tokens: 260 },
      });
    }
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') return send(404, { error: { message: 'not found' } });
    const arrived = Date.now();
    const body = await readBody(req);
    // The Web Request parser reads the multipart body exactly as a server would.
    const form = await new Request('http://fake/', { method: 'POST', headers: req.headers as Record<string, string>, body: new Uint8Array(body) }).formData();
    const file = form.get('file');
    const r: TranscriptionRequest = {
      authorization: req.headers.authorization,
      model: (form.get('model') as string | null) ?? null,
      language: (form.get('language') as string | null) ?? null,
      filename: file instanceof File ? file.name : null,
      file: file instanceof File ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0),
      receivedAt: arrived,
    };
    fake.requests.push(r);
    try {
      const { status, body: out } = await fake.respond(r);
      if (!res.destroyed) send(status, out);
    } catch {
      if (!res.destroyed) send(500, { error: { message: 'fake failure' } });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return fake;
}
