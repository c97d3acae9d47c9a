// A second floor for `npm run bench:webhook` (issue 14): the first floor (twiml-floor.mjs) plus what
// no implementation of Liza can skip: the form read, the signature check, the caller's number, and
// Liza's own store writing the webhook's turn, as ivr-turn.ts writes it (bench/turn-writes.ts).
// No Hono, no IVR, no TwiML rendering: fixed TwiML. Liza against this floor is what Liza's web
// and IVR layers cost; this floor against the first is what the durable write costs.
import http from 'node:http';
import { createStore } from '../../src/store/index.ts';
import { callerNumber } from '../../src/telephony/phone.ts';
import { isValidTwilioSignature, parseForm } from '../../src/telephony/signature.ts';
import { turn } from '../turn-writes.ts';

const store = await createStore(process.env.DATABASE_URL!);
const token = process.env.TWILIO_AUTH_TOKEN!;
const publicBase = process.env.PUBLIC_BASE_URL!;
const twiml = '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf" numDigits="1" action="/webhook/next"><Say language="de-DE">Danke. Ihre Bestellung ist unterwegs.</Say></Gather></Response>';

async function answer(url: string, signature: string | undefined, body: string): Promise<number> {
  const params = parseForm(body);
  if (!isValidTwilioSignature(token, signature, publicBase + url, params)) return 403;
  callerNumber(params.From);
  await turn(store, url.startsWith('/webhook/voice') ? 'voice' : 'order_confirm', params.CallSid!);
  return 200;
}

http.createServer((req, res) => {
  if (req.url === '/health') return void res.end('ok');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    answer(req.url!, req.headers['x-twilio-signature'] as string | undefined, Buffer.concat(chunks).toString()).then(
      (status) => res.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8' }).end(status === 200 ? twiml : ''),
      () => res.writeHead(500).end(),
    );
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
