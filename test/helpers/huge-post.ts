import { connect } from 'node:net';
import { tracked } from './wait.ts';

export interface HugePostResult {
  /** The status line's code. */
  status: number;
  /** Body bytes written before the answer arrived (the client stops writing then). */
  bytesWritten: number;
  response: string;
  /** Resolves when the server closes the connection; one that went on reading never would. */
  closed: Promise<void>;
  /** Drops the connection from the client's side. */
  destroy: () => void;
}

/**
 * POSTs a body of `declared` bytes over a raw socket, a chunk at a time (each once the last was
 * taken), with Content-Length or chunked; resolves at the server's answer. What a hostile client
 * does; fetch() cannot stop half-way.
 */
export function hugePost(base: string, path: string, opts: { declared: number; chunked?: boolean; chunk?: number; closeIsAnswer?: boolean }): Promise<HugePostResult> {
  const { hostname, port } = new URL(base);
  const chunkSize = opts.chunk ?? 16 * 1024;
  const socket = connect(Number(port), hostname);
  // A plain promise: a test that does not wait for the close must not leave a pending wait behind.
  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  return tracked(`huge POST ${path} to be answered`, (resolve, reject) => {
    let response = '';
    let written = 0;
    socket.on('data', (d) => {
      response += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(response);
      if (m) resolve({ status: Number(m[1]), bytesWritten: written, response, closed, destroy: () => socket.destroy() });
    });
    socket.on('close', () => {
      // `closeIsAnswer`: a server that hangs up instead of answering (status 0) has also refused the body.
      if (opts.closeIsAnswer && !response) resolve({ status: 0, bytesWritten: written, response, closed, destroy: () => socket.destroy() });
      else reject(new Error(`closed without an answer after ${written} bytes: ${JSON.stringify(response)}`));
    });
    const payload = Buffer.alloc(chunkSize, 'a');
    const pump = () => {
      if (socket.destroyed || response) return;
      if (written >= opts.declared) {
        if (opts.chunked) socket.write('0\r\n\r\n');
        return; // the whole body is out; wait for the answer
      }
      const n = Math.min(chunkSize, opts.declared - written);
      const piece = n === chunkSize ? payload : payload.subarray(0, n);
      const framed = opts.chunked ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
      written += n;
      socket.write(framed, (err) => (err ? undefined : setImmediate(pump)));
    };
    socket.on('connect', () => {
      const length = opts.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${opts.declared}`;
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n${length}\r\n\r\n`, () => pump());
    });
  });
}
