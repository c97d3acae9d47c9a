// A local stand-in for Twilio's recording media URLs: serves bytes at RecordingUrl + .mp3/.wav,
// behind HTTP Basic auth with the account SID and auth token, like a protected Twilio account.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRecordings {
  baseUrl: string;
  /** The RecordingUrl Twilio would post for this sid (no extension). */
  urlFor(recordingSid: string): string;
  put(recordingSid: string, audio: Buffer): void;
  /** Fail the next n downloads with this status. */
  failNext(n: number, status: number): void;
  readonly requests: Array<{ path: string; authorization: string | undefined; status: number }>;
  close(): Promise<void>;
}

export async function startFakeRecordings(accountSid: string, authToken: string): Promise<FakeRecordings> {
  const files = new Map<string, Buffer>();
  const requests: FakeRecordings['requests'] = [];
  let failures = 0;
  let failStatus = 500;
  const expected = 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64');
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const answer = (status: number, body?: Buffer, type = 'text/plain') => {
      requests.push({ path, authorization: req.headers.authorization, status });
      res.writeHead(status, { 'Content-Type': type }).end(body ?? '');
    };
    if (req.headers.authorization !== expected) return answer(401);
    if (failures > 0) {
      failures--;
      return answer(failStatus);
    }
    const m = /\/Recordings\/(RE\w+)\.(mp3|wav)$/.exec(path);
    const audio = m ? files.get(m[1]!) : undefined;
    if (!m || !audio) return answer(404);
    answer(200, audio, m[2] === 'mp3' ? 'audio/mpeg' : 'audio/x-wav');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    urlFor: (sid) => `${baseUrl}/2010-04-01/Accounts/${accountSid}/Recordings/${sid}`,
    put: (sid, audio) => void files.set(sid, audio),
    failNext(n, status) {
      failures = n;
      failStatus = status;
    },
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
