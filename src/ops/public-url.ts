// Whether Twilio could reach a URL: it must be public (not loopback, not a private network, not
// a name only this machine knows) and use the scheme Twilio requires (https for webhooks, wss
// for media streams).

const PRIVATE_V4 = [/^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./, /^0\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];
const LOCAL_NAMES = /(^|\.)(localhost|local|internal|lan|home\.arpa)$/i;

/** Why Twilio could not reach this host, or null when it looks public. */
export function whyNotPublicHost(hostname: string): string | null {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (LOCAL_NAMES.test(h)) return `${hostname} is a name only this machine or network knows`;
  if (PRIVATE_V4.some((re) => re.test(h))) return `${hostname} is a loopback or private address`;
  if (h === '::1' || h === '::' || /^f[cd]/.test(h) || /^fe80:/.test(h)) return `${hostname} is a loopback or private address`;
  if (!h.includes('.') && !h.includes(':')) return `${hostname} is not a public DNS name`;
  return null;
}

/**
 * Null when `url` is a public URL with `scheme` (e.g. 'https:'), else a sentence saying what is
 * wrong and what to set, naming `variable`.
 */
export function checkPublicUrl(variable: string, url: string, scheme: 'https:' | 'wss:', example: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${variable}=${url} is not a URL. Set ${variable}=${example}.`;
  }
  const problems: string[] = [];
  if (u.protocol !== scheme) problems.push(`it uses ${u.protocol}// but Twilio needs ${scheme}//`);
  const notPublic = whyNotPublicHost(u.hostname);
  if (notPublic) problems.push(`${notPublic}, which Twilio cannot reach`);
  if (problems.length === 0) return null;
  return `${variable}=${url}: ${problems.join('; ')}. Set ${variable} to this deployment's public address, e.g. ${example} (nginx with a TLS certificate in front, see deploy/README.md).`;
}
