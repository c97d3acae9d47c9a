// Who is on the other end of a request, for throttling and the /metrics guard. Pure and
// runtime-agnostic: main.node.ts / main.deno.ts pass the socket's peer address in.

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4ToInt(ip: string): number | null {
  const m = IPV4.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** `::ffff:127.0.0.1` (how Node reports IPv4 on a dual-stack socket) → `127.0.0.1`. */
export function normalizeAddress(ip: string): string {
  const v = ip.trim().toLowerCase();
  return v.startsWith('::ffff:') && IPV4.test(v.slice(7)) ? v.slice(7) : v;
}

export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  const v = normalizeAddress(ip);
  if (v === '::1') return true;
  const n = ipv4ToInt(v);
  return n !== null && n >>> 24 === 127;
}

/** One TRUSTED_PROXIES entry: `loopback`, an IPv4/IPv6 address, or an IPv4 CIDR range. */
export function isProxyEntry(entry: string): boolean {
  if (entry === 'loopback') return true;
  const [addr, bits, extra] = entry.split('/');
  if (extra !== undefined || !addr) return false;
  if (bits !== undefined) return ipv4ToInt(addr) !== null && /^\d{1,2}$/.test(bits) && Number(bits) <= 32;
  return ipv4ToInt(addr) !== null || (/^[0-9a-f:.]+$/i.test(addr) && addr.includes(':'));
}

function matches(entry: string, ip: string): boolean {
  if (entry === 'loopback') return isLoopback(ip);
  const [addr, bits] = entry.split('/');
  if (bits === undefined) return normalizeAddress(addr!) === ip;
  const net = ipv4ToInt(addr!);
  const n = ipv4ToInt(ip);
  if (net === null || n === null) return false;
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return (net & mask) === (n & mask);
}

export const isTrustedProxy = (trusted: string[], ip: string) => trusted.some((e) => matches(e, normalizeAddress(ip)));

/**
 * The client's address. Forwarding headers are believed only from a trusted proxy (nginx sets
 * X-Real-IP to the address it saw); from anyone else they are the client's own words. Through a
 * chain of proxies, X-Forwarded-For is read from the right, skipping trusted hops.
 */
export function clientAddress(peer: string | undefined, header: (name: string) => string | undefined, trusted: string[]): string | undefined {
  if (!peer) return undefined;
  const direct = normalizeAddress(peer);
  if (!isTrustedProxy(trusted, direct)) return direct;
  const real = header('x-real-ip')?.trim();
  if (real && real.length <= 64) return normalizeAddress(real);
  const hops = (header('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter((h) => h && h.length <= 64);
  for (let i = hops.length - 1; i >= 0; i--) if (!isTrustedProxy(trusted, hops[i]!)) return normalizeAddress(hops[i]!);
  return direct;
}
