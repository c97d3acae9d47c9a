// Base for resolving a relative redirect target; never sent anywhere, only compared against.
const ORIGIN = 'http://liza.invalid';

/**
 * The path to send a browser to after sign-in or a language switch, or `/`.
 *
 * Only a same-origin path that comes out of WHATWG URL parsing exactly as it went in is
 * followed. Browsers strip tab/CR/LF and read `\` as `/`, so `/\t/evil.example` or `/\evil`
 * would leave the site; control characters would also make the Location header itself invalid
 * (a 500 before). Comparing the parsed path with the input refuses all of these at once.
 */
export function safeNext(next: string | undefined | null): string {
  if (!next || next.length > 2000 || next[0] !== '/' || /[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  if (next.startsWith('//')) return '/';
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== ORIGIN || url.pathname + url.search + url.hash !== next) return '/';
  return next;
}
