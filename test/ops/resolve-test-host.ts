// Preloaded (--import) into a command under test: names under .liza-test.example resolve to
// 127.0.0.1, as an /etc/hosts entry would, so a "public" PUBLIC_BASE_URL reaches the test's
// nginx on loopback. Everything else resolves as usual.
import dns from 'node:dns';

const SUFFIX = '.liza-test.example';
const original = dns.lookup;

type Callback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

function lookup(hostname: string, options: unknown, callback?: unknown): void {
  const cb = (typeof options === 'function' ? options : callback) as Callback;
  const opts = (typeof options === 'object' && options !== null ? options : {}) as dns.LookupOptions;
  if (!hostname.endsWith(SUFFIX)) return void (original as (...a: unknown[]) => void)(hostname, options, callback);
  if (opts.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
}

(dns as { lookup: unknown }).lookup = lookup;
