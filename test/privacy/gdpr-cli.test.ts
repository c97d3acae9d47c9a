// `npm run gdpr`: export (a clean JSON file through `npm run --silent … > out.json`), erase with
// --yes (Twilio's recordings DELETEd at the fake), purge --dry-run (counts, nothing changed) and
// purge; on the SQLite file the edge writes, audited as the command line.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeTwilioRest, type FakeTwilioRest } from '../fakes/fake-twilio-rest.ts';
import { scanSqlite } from '../helpers/db-scan.ts';
import { runCommand, runScript } from '../helpers/operator.ts';
import { tempDir } from '../helpers/spawn-edge.ts';
import { appWith, callWithEverything, ERIKA, MAX } from './subject-flow.ts';

const DAY = 86_400_000;

/** Through npm itself, as the docs say to: only the JSON may reach stdout. */
const npmSilent = (args: string[], env: Record<string, string>) => runCommand('npm', ['run', '--silent', 'gdpr', '--', ...args], env);

describe('npm run gdpr', () => {
  let fake: FakeTwilioRest;
  let store: Store;
  let db: string;
  let env: Record<string, string>;
  let erika: Awaited<ReturnType<typeof callWithEverything>>;
  let max: Awaited<ReturnType<typeof callWithEverything>>;
  beforeAll(async () => {
    fake = await startFakeTwilioRest();
    db = join(tempDir('liza-gdpr-cli-'), 'liza.db');
    store = createSqliteStore(db);
    let now = new Date(Date.now() - 100 * DAY);
    const app = appWith(store, fake, silentLogger(), () => now);
    max = await callWithEverything(app, store, fake, MAX);
    now = new Date();
    erika = await callWithEverything(app, store, fake, ERIKA);
    env = { DATABASE_URL: db, TWILIO_AUTH_TOKEN: fake.authToken, TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_API_BASE_URL: fake.baseUrl, PUBLIC_BASE_URL: 'https://liza.example' };
  });
  afterAll(async () => {
    await store?.close();
    await fake?.close();
  });

  it('exports a caller as clean JSON on stdout, audited', async () => {
    const r = await npmSilent(['export', '0151 12345678'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ number: ERIKA.number, calls: [{ callSid: erika.callSid, fromFull: ERIKA.number, callerName: ERIKA.name }], orders: [{ number: ERIKA.order }] });
    expect(doc.calls[0].recordings[0].url).toMatch(/^https:\/\/liza\.example\/calls\/\d+\/recordings\/\d+\.mp3$/);
    expect(r.stdout).not.toContain(MAX.national);
    expect(r.stderr).toContain('Exported +49 •••••••••78');
    const [a] = await store.listRecentAudit(['privacy'], 1);
    expect(a).toMatchObject({ field: 'export', oldValue: '+49 •••••••••78', actor: expect.stringMatching(/^cli:/) });
  });

  it('refuses a bad number and an erase without --yes, changing nothing', async () => {
    expect(await runScript('gdpr.ts', ['export', 'not-a-number'], env)).toMatchObject({ code: 1, stdout: '' });
    const dry = await runScript('gdpr.ts', ['erase', ERIKA.number], env);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain('Would erase +49 •••••••••78: calls: 1, recordings: 1');
    expect((await store.getCallBySid(erika.callSid))!.fromFull).toBe(ERIKA.number);
    expect(fake.requests.filter((q) => q.method === 'DELETE')).toEqual([]);
  });

  it('purge --dry-run counts, purge erases what is older than RETENTION_DAYS, erase --yes erases a caller', async () => {
    const dry = await runScript('gdpr.ts', ['purge', '--dry-run'], { ...env, RETENTION_DAYS: '90' });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('Would erase (older than 90 days): calls: 1, numbers: 1, names: 1, recordings: 1, transcripts: 1');
    expect((await store.getCallBySid(max.callSid))!.fromFull).toBe(MAX.number);

    const purge = await runScript('gdpr.ts', ['purge'], { ...env, RETENTION_DAYS: '90' });
    expect(purge.code).toBe(0);
    expect(purge.stderr).toMatch(/Erased \(older than 90 days\): .*calls: 1/);
    expect(scanSqlite(db, [MAX.national, MAX.name, MAX.words])).toEqual([]);
    expect((await store.getCallBySid(erika.callSid))!.fromFull).toBe(ERIKA.number);

    const erase = await runScript('gdpr.ts', ['erase', '+49 151 12345678', '--yes'], env);
    expect(erase.code).toBe(0);
    expect(erase.stderr).toContain('Erased +49 •••••••••78');
    expect(scanSqlite(db, [ERIKA.national, ERIKA.name, ERIKA.words])).toEqual([]);
    expect(fake.requests.filter((q) => q.method === 'DELETE').map((q) => [q.path.split('/').pop(), q.status])).toEqual([
      [`${max.recordingSid}.json`, 204], [`${erika.recordingSid}.json`, 204],
    ]);
    const audit = await store.listRecentAudit(['privacy'], 5);
    expect(audit.map((e) => e.field)).toEqual(['erase', 'retention', 'export']);
  });
});
