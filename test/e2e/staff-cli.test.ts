// `npm run staff`: accounts from the command line, on the database file the edge uses, including
// the way back in after a lost admin password; and the edge's start-up warning when ADMIN_USER /
// ADMIN_PASSWORD are set but an account exists already.
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/edge/app.ts';
import { ensureAdminAccount } from '../../src/edge/auth/ensure-admin.ts';
import { parseConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/store.ts';
import { TEST_TOKEN } from '../helpers/app.ts';
import { runScript } from '../helpers/operator.ts';
import { tempDir } from '../helpers/spawn-edge.ts';
import { signIn } from '../helpers/staff.ts';

const open: Store[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** The edge app on the same SQLite file the command writes, as two processes share it in production. */
function edgeOn(db: string) {
  const store = createSqliteStore(db);
  open.push(store);
  const config = parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN, DATABASE_URL: db });
  return { app: createApp({ store, config, logger: silentLogger() }), store, config };
}

const staff = (db: string, args: string[], stdin = '') => runScript('staff.ts', args, { DATABASE_URL: db }, stdin);

describe('npm run staff', () => {
  it('add, list, disable and enable accounts; each change audited as the command line', async () => {
    const db = join(tempDir('liza-staff-cli-'), 'liza.db');
    const add = await staff(db, ['add', 'boss', '--admin'], 'boss password 1\n');
    expect(add.stderr).toBe('');
    expect(add.stdout).toContain('Added boss (admin)');
    expect(add.code).toBe(0);
    expect((await staff(db, ['add', 'ben'], 'bens password\n')).code).toBe(0);
    const list = await staff(db, ['list']);
    expect(list.stdout).toMatch(/^NAME +ROLE +STATE/m);
    expect(list.stdout).toMatch(/^boss +admin +active/m);
    expect(list.stdout).toMatch(/^ben +staff +active/m);

    const { app, store } = edgeOn(db);
    const ben = await signIn(app, 'ben', 'bens password');
    expect((await ben.get('/')).status).toBe(200);
    const off = await staff(db, ['disable', 'ben']);
    expect(off.stdout).toContain('Deactivated ben');
    // The session the edge holds stops at once: the command wrote to the same database.
    expect((await ben.get('/')).status).toBe(303);
    expect((await staff(db, ['list'])).stdout).toMatch(/^ben +staff +disabled /m);
    expect((await staff(db, ['enable', 'ben'])).stdout).toContain('Reactivated ben');
    const audit = await store.listRecentAudit(['staff_user'], 10);
    expect(audit.every((a) => /^cli:/.test(a.actor ?? ''))).toBe(true);
    expect(audit.map((a) => a.field)).toEqual(['enabled', 'disabled', 'created', 'created']);
  });

  it('refuses what would do harm or cannot work, with exit 1 and a reason', async () => {
    const db = join(tempDir('liza-staff-cli-'), 'liza.db');
    await staff(db, ['add', 'boss', '--admin'], 'boss password 1\n');
    const cases: Array<[string[], string, RegExp]> = [
      [['add', 'boss'], 'another password\n', /already exists; to set its password: npm run staff -- passwd boss/],
      [['add', 'b:x'], 'another password\n', /a username is 1 to 64/],
      [['passwd', 'boss'], 'short\n', /at least 8 characters; nothing was changed/],
      [['passwd', 'nobody'], 'long enough 1\n', /there is no staff account "nobody"/],
      [['disable', 'boss'], '', /last active admin/],
    ];
    for (const [args, stdin, reason] of cases) {
      const r = await staff(db, args, stdin);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(reason);
    }
    const usage = await staff(db, ['frobnicate']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('Usage: npm run staff');
    expect((await staff(db, [])).code).toBe(2);
  });

  it('the lost-password path: passwd sets a new admin password, old sessions end, the new one signs in', async () => {
    const db = join(tempDir('liza-staff-cli-'), 'liza.db');
    // As a fresh start leaves it: the first admin with a password nobody wrote down.
    const { app, store, config } = edgeOn(db);
    await ensureAdminAccount(store, { ...config, admin: { user: null, password: null } }, silentLogger(), () => {});
    expect((await store.getStaffUserByName('admin'))!.role).toBe('admin');
    const r = await staff(db, ['passwd', 'admin'], 'the new admin password\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Password set for admin');
    const admin = await signIn(app, 'admin', 'the new admin password');
    expect(admin.status).toBe(303);
    expect((await admin.get('/settings/staff')).status).toBe(200);
  });
});

describe('ADMIN_USER / ADMIN_PASSWORD once accounts exist', () => {
  function logged() {
    const lines: Array<Record<string, unknown>> = [];
    return { lines, logger: pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) }) };
  }

  it('the start-up log says they were not applied and what to run instead', async () => {
    const store = createSqliteStore(':memory:');
    open.push(store);
    const first = parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN, ADMIN_USER: 'boss', ADMIN_PASSWORD: 'first password' });
    expect(await ensureAdminAccount(store, first, silentLogger())).toBe('boss');

    const again = logged();
    const changed = parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN, ADMIN_USER: 'boss', ADMIN_PASSWORD: 'a changed password' });
    expect(await ensureAdminAccount(store, changed, again.logger)).toBeNull();
    expect(again.lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      'ADMIN_USER and ADMIN_PASSWORD not applied: the staff account "boss" already exists, and these variables only create the first account. To set its password run: npm run staff -- passwd boss',
    ]);

    const other = logged();
    await ensureAdminAccount(store, parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN, ADMIN_USER: 'carla', ADMIN_PASSWORD: 'carlas password' }), other.logger);
    expect(other.lines.map((l) => l.msg)).toEqual([
      'ADMIN_USER and ADMIN_PASSWORD not applied: staff accounts already exist, and these variables only create the first account. To add "carla" as an admin run: npm run staff -- add carla --admin',
    ]);
    expect(await store.getStaffUserByName('carla')).toBeNull();

    // Without the variables nothing is said.
    const quiet = logged();
    await ensureAdminAccount(store, parseConfig({ TWILIO_AUTH_TOKEN: TEST_TOKEN }), quiet.logger);
    expect(quiet.lines).toEqual([]);
  });
});
