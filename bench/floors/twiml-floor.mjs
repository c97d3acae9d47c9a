// Floor for `npm run bench:webhook` (issue 14): the least a server can do per Twilio webhook. Node's own
// HTTP server reads the form and answers fixed TwiML: no signature, no database, no routing. Plain JS
// without a loader, so its CPU and memory are Node's own.
import http from 'node:http';
const twiml = '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf" numDigits="1" action="/webhook/next"><Say language="de-DE">Danke. Ihre Bestellung ist unterwegs.</Say></Gather></Response>';
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'Content-Type': 'text/xml' }).end(twiml));
}).listen(Number(process.env.PORT), '127.0.0.1');
