// Issue 11 point 2: the sign-in throttle under attack. Requests come from real peer addresses
// (what main.node.ts / main.deno.ts hand the app), with and without a proxy in front.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/edge/app.ts';
import { parseConfig } from '../../src/config/index.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { TEST_TOKEN } from '../helpers/app.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { createStaff, signIn, STAFF_PASSWORD, STAFF_USER } from '../helpers/staff.ts';

const ATTACKER = '203.0.113.9';
const OWNER = '198.51.100.7';

function throttledApp(env: Record<string, string> = {}) {
  const log = captureLog('info');
  const store = createSqliteStore(':memory:');
  const app = createApp({ store, config: parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN, ...env }), logger: log.logger });
  /** The app as seen from a socket at `peer` (optionally with headers a proxy or the client set). */
  const from = (peer: string, headers: Record<string, string> = {}) => ({
    request: (path: string, init: RequestInit = {}) =>
      app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } }, { remoteAddress: peer }),
  });
  return { app, store, log, from };
}

describe('the sign-in throttle', () => {
  it('counts 30 parallel wrong passwords atomically: at most 5 are checked, the rest get 429', async () => {
    const { store, from } = throttledApp();
    await createStaff(store);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(from(ATTACKER), STAFF_USER, `guess-${i}`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // Even the right password is refused from that address now.
    expect((await signIn(from(ATTACKER), STAFF_USER, STAFF_PASSWORD)).status).toBe(429);
  });

  it('an anonymous guesser cannot lock the owner out: from elsewhere the right password gets in, only slower', async () => {
    const { store, log, from } = throttledApp();
    await createStaff(store);
    for (let i = 0; i < 8; i++) expect([401, 429]).toContain((await signIn(from(ATTACKER), STAFF_USER, `nope-${i}`)).status);
    const owner = await signIn(from(OWNER), STAFF_USER, STAFF_PASSWORD);
    expect(owner.status).toBe(303);
    const slowed = log.lines.find((l) => l.msg.startsWith('sign-in slowed down') && l.ip === OWNER);
    expect(slowed?.delayMs).toBeGreaterThan(0);
    // The owner's success resets the slow-down for the name.
    log.lines.length = 0;
    expect((await signIn(from(OWNER), STAFF_USER, STAFF_PASSWORD)).status).toBe(303);
    expect(log.lines.some((l) => l.msg.startsWith('sign-in slowed down'))).toBe(false);
  });

  it('the delay grows with the failures for a name, and is capped', async () => {
    const { store, log, from } = throttledApp();
    await createStaff(store);
    // Many addresses, one wrong try each: no address is refused, the name is slowed more and more.
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      log.lines.length = 0;
      expect((await signIn(from(`192.0.2.${i + 1}`), STAFF_USER, 'wrong')).status).toBe(401);
      delays.push(Number(log.lines.find((l) => l.msg.startsWith('sign-in slowed down'))?.delayMs ?? 0));
    }
    expect(delays.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    for (let i = 6; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]!);
    expect(Math.max(...delays)).toBeLessThanOrEqual(5000);
  }, 30_000);

  it('ignores X-Real-IP and X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const { store, from } = throttledApp();
    await createStaff(store);
    // A new name and a new claimed address each time: only the real peer address can tie them together.
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const spoofed = { 'X-Real-IP': `10.9.9.${i}`, 'X-Forwarded-For': `10.8.8.${i}` };
      statuses.push((await signIn(from(ATTACKER, spoofed), `user${i}`, 'nope')).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('believes X-Real-IP from nginx on loopback (the default), and only from configured proxies', async () => {
    const viaNginx = throttledApp();
    await createStaff(viaNginx.store);
    for (let i = 0; i < 6; i++) await signIn(viaNginx.from('127.0.0.1', { 'X-Real-IP': ATTACKER }), STAFF_USER, `nope-${i}`);
    expect((await signIn(viaNginx.from('127.0.0.1', { 'X-Real-IP': ATTACKER }), STAFF_USER, STAFF_PASSWORD)).status).toBe(429);
    // Another client behind the same nginx is its own address.
    expect((await signIn(viaNginx.from('::ffff:127.0.0.1', { 'X-Real-IP': OWNER }), STAFF_USER, STAFF_PASSWORD)).status).toBe(303);

    const elsewhere = throttledApp({ TRUSTED_PROXIES: '10.0.0.0/8' });
    await createStaff(elsewhere.store);
    for (let i = 0; i < 5; i++) await signIn(elsewhere.from('10.1.2.3', { 'X-Forwarded-For': `${OWNER}, ${ATTACKER}` }), STAFF_USER, `nope-${i}`);
    // The rightmost untrusted hop is the client (the left one is what the client claimed).
    expect((await signIn(elsewhere.from('10.4.5.6', { 'X-Forwarded-For': ATTACKER }), STAFF_USER, STAFF_PASSWORD)).status).toBe(429);
    expect((await signIn(elsewhere.from('10.4.5.6', { 'X-Forwarded-For': OWNER }), STAFF_USER, STAFF_PASSWORD)).status).toBe(303);
    // Loopback is not trusted any more once TRUSTED_PROXIES names others.
    for (let i = 0; i < 5; i++) await signIn(elsewhere.from('127.0.0.1', { 'X-Real-IP': `10.7.7.${i}` }), 'ben', `nope-${i}`);
    expect((await signIn(elsewhere.from('127.0.0.1', { 'X-Real-IP': '10.7.7.99' }), 'ben', 'nope')).status).toBe(429);
  });

  it('names a bad TRUSTED_PROXIES at start', () => {
    expect(() => parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN, TRUSTED_PROXIES: 'loopback, nginx.local' })).toThrow(/TRUSTED_PROXIES/);
    expect(parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN, TRUSTED_PROXIES: '127.0.0.1, ::1, 10.0.0.0/8' }).trustedProxies).toEqual(['127.0.0.1', '::1', '10.0.0.0/8']);
  });
});
