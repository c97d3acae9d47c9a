// Floor for `npm run bench:bridge` (issue 14): a minimal relay between Twilio Media Streams and OpenAI
// Realtime that only translates JSON, without a signature check, playback tracking, barge-in, tools
// or any bookkeeping. Messages: https://www.twilio.com/docs/voice/media-streams/websocket-messages and
// https://platform.openai.com/docs/api-reference/realtime-client-events. /health answers what the
// benchmark reads of the worker's (live streams, event-loop delay) so both are measured alike.
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';

const engineUrl = `${process.env.OPENAI_REALTIME_URL}?model=gpt-realtime`;
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let streams = 0;

const server = http.createServer((req, res) => {
  const body = JSON.stringify({ status: 'ok', streams, eventLoopDelayMs: { p99: loop.percentile(99) / 1e6 } });
  loop.reset();
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
});
const wss = new WebSocketServer({ server, path: '/media', perMessageDeflate: false });
wss.on('connection', (twilio) => {
  let streamSid = '';
  let engine = null;
  const pending = [];
  streams++;
  twilio.once('close', () => (streams--, engine?.close()));
  twilio.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.event === 'start') {
      streamSid = msg.start.streamSid;
      engine = new WebSocket(engineUrl, { headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` }, perMessageDeflate: false });
      engine.on('open', () => {
        engine.send(JSON.stringify({ type: 'session.update', session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcmu' } }, output: { format: { type: 'audio/pcmu' } } } } }));
        for (const m of pending.splice(0)) engine.send(m);
      });
      engine.on('message', (raw) => {
        const ev = JSON.parse(raw.toString());
        if (ev.type === 'response.output_audio.delta') twilio.send(JSON.stringify({ event: 'media', streamSid, media: { payload: ev.delta } }));
      });
      engine.on('error', () => twilio.close());
    } else if (msg.event === 'media') {
      const out = JSON.stringify({ type: 'input_audio_buffer.append', audio: msg.media.payload });
      if (engine?.readyState === WebSocket.OPEN) engine.send(out);
      else pending.push(out);
    } else if (msg.event === 'stop') twilio.close();
  });
});
server.listen(Number(process.env.WORKER_PORT), '127.0.0.1');
