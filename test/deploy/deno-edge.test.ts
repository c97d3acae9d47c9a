// The same edge app served by Deno (`npm run edge:deno`), on a real SQLite file, driven over real
// HTTP by the call simulator. Then the file is reopened by the Node store: one file format.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgStore } from '../../src/store/pg/index.ts';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { signTwilioRequest } from '../../src/telephony/signature.ts';
import { hugePost } from '../helpers/huge-post.ts';
import { freePort, hasProgram, reportMissingProgram, startProcess, type Started } from '../helpers/processes.ts';
import { createTempDb, requirePg, type TempDb } from '../store/pg-harness.ts';
import { signIn } from './staff.ts';
import { DE, GB, walkOverHttp } from './walk.ts';

// The first run downloads Deno from the npm registry (~40 MB); .ci/run warms it.
const deno = hasProgram('npx', ['--yes', 'deno@2.9.6', '--version'], 240_000);
reportMissingProgram(deno, 'deno (npx --yes deno@2.9.6)', 'the Deno edge tests need it');

const TOKEN = 'deno-test-token-0123456789';

describe.skipIf(!deno)('the edge under Deno', () => {
  let dir: string;
  let edge: Started;
  let base: string;
  let dbFile: string;
  let germanCallSid = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liza-deno-'));
    dbFile = join(dir, 'liza.db');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    edge = await startProcess('npm', ['run', '--silent', 'edge:deno'], {
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: dbFile,
        PUBLIC_BASE_URL: base,
        TWILIO_AUTH_TOKEN: TOKEN,
        ADMIN_USER: 'chef',
        ADMIN_PASSWORD: 'deno-staff-password',
        LOG_LEVEL: 'info',
      },
      readyUrl: `${base}/health`,
    });
  }, 180_000);

  afterAll(async () => {
    await edge?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says it runs on Deno and answers /health with the database checked', async () => {
    expect(edge.output()).toMatch(/"runtime":"deno"/);
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('walks a full German call with signed webhooks', async () => {
    const r = await walkOverHttp({ publicBaseUrl: base, authToken: TOKEN, from: DE }, ['1', '4711#', '1', '9']);
    // All German but the offer of English, spoken in English.
    expect(r.said.filter((s) => s.lang !== 'de-DE').map((s) => s.text)).toEqual(['For English, press 8.']);
    expect(r.said[0]!.text).toContain('Hier spricht Liza');
    expect(r.text).toContain('4 7 1 1');
    // A number the shop never sent: noted, and the caller is told so (UNKNOWN_ORDERS=create).
    expect(r.text).toContain('Ich habe mir die Bestellnummer 4 7 1 1 notiert');
    expect(r.ended).toBe('hangup');
    expect(r.requests.every((q) => q.status === 200)).toBe(true);
    germanCallSid = r.callSid;
  });

  it('walks a full English call, repeating the status from the help menu', async () => {
    const r = await walkOverHttp({ publicBaseUrl: base, authToken: TOKEN, from: GB }, ['1', '20251124#', '1', '1', '9']);
    expect(r.said.filter((s) => s.lang !== 'en-GB').map((s) => s.text)).toEqual(['Für Deutsch drücken Sie die 8.']);
    expect(r.said[0]!.text).toContain('This is Liza');
    expect(r.said.filter((s) => s.text.includes("I've noted order number 2 0 2 5 1 1 2 4."))).toHaveLength(2);
    expect(r.ended).toBe('hangup');
  });

  it('serves the staff pages: sign in, then the German call is in the list', async () => {
    const s = await signIn(fetch, base, 'chef', 'deno-staff-password');
    expect(s.status).toBe(303);
    const page = await fetch(`${base}/calls?lang=de-DE`, { headers: { Cookie: s.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('+49 1511 2345678');
    const wrong = await signIn(fetch, base, 'chef', 'not-the-password');
    expect(wrong.status).toBe(401);
  });

  it('refuses a forged signature with 403', async () => {
    const params = { CallSid: 'CA' + 'f'.repeat(32), From: DE, To: '+4930123456789', CallStatus: 'ringing' };
    const res = await fetch(`${base}/webhook/voice`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signTwilioRequest('not-the-token', `${base}/webhook/voice`, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(403);
  });

  it('answers a huge webhook body with 413 without reading the rest (Content-Length and chunked)', async () => {
    for (const chunked of [false, true]) {
      // main.deno.ts makes Deno drop the connection after the 413 (its server would otherwise drain the
      // declared body to the end); on a busy machine the drop can beat the 413's bytes out, so a hang-up
      // without an answer (status 0) counts too: either way the body was not read.
      const r = await hugePost(base, '/webhook/voice', { declared: 600 * 1024 * 1024, chunked, closeIsAnswer: true });
      expect([413, 0], r.response.slice(0, 200)).toContain(r.status);
      // Written when the 413 arrived: the 64 KB limit plus what socket buffers took, not the body.
      expect(r.bytesWritten).toBeLessThan(16 * 1024 * 1024);
      // Deno would otherwise drain a declared body to its end to keep the connection.
      if (!chunked) await r.closed;
      r.destroy();
    }
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('stops on SIGTERM and leaves a SQLite file the Node store reads', async () => {
    await edge.stop();
    // The npm wrapper dies of the signal; Deno itself logs and drains, then closes the store.
    expect(edge.output()).toContain('edge shutting down');
    const store = createSqliteStore(dbFile);
    try {
      const de = (await store.getOrderByNumber('4711'))!;
      const en = (await store.getOrderByNumber('20251124'))!;
      expect(de.status).toBe('received');
      expect(en.status).toBe('received');
      const call = (await store.getCallBySid(germanCallSid))!;
      expect(call).toMatchObject({ language: 'de-DE', status: 'completed', fromFull: DE });
      expect(await store.getConsent(call.id)).toMatchObject({ given: true });
      expect((await store.listOrdersForCall(call.id)).map((o) => o.id)).toEqual([de.id]);
    } finally {
      await store.close();
    }
  });
});

const pg = deno && (await requirePg());

describe.skipIf(!pg)('the edge under Deno on PostgreSQL', () => {
  let db: TempDb;
  let edge: Started;
  let base: string;

  beforeAll(async () => {
    db = await createTempDb('liza_deno');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    edge = await startProcess('npm', ['run', '--silent', 'edge:deno'], {
      env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, PUBLIC_BASE_URL: base, TWILIO_AUTH_TOKEN: TOKEN, LOG_LEVEL: 'warn' },
      readyUrl: `${base}/health`,
    });
  }, 180_000);

  afterAll(async () => {
    await edge?.stop();
    await db?.drop();
  });

  it('walks a German call and leaves the order in PostgreSQL', async () => {
    const r = await walkOverHttp({ publicBaseUrl: base, authToken: TOKEN, from: DE }, ['1', '80808#', '1', '9']);
    expect(r.text).toContain('Ich habe mir die Bestellnummer 8 0 8 0 8 notiert');
    expect(r.ended).toBe('hangup');
    const store = await createPgStore(db.url);
    try {
      expect(await store.getOrderByNumber('80808')).toMatchObject({ status: 'received' });
      expect(await store.getCallBySid(r.callSid)).toMatchObject({ language: 'de-DE', status: 'completed' });
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!deno)('the Deno edge and .env', () => {
  it('reads .env from its working directory, as the Node edge does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liza-deno-env-'));
    const root = new URL('../../', import.meta.url).pathname;
    // `npm run edge:deno`'s own command, started elsewhere: deno.json given explicitly.
    const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['edge:deno']!;
    const [cmd, ...args] = script.split(' ');
    const entry = args.pop()!;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    writeFileSync(join(dir, '.env'), [`PORT=${port}`, `PUBLIC_BASE_URL=${base}`, `TWILIO_AUTH_TOKEN=${TOKEN}`, 'COMPANY_NAME=Envdatei GmbH', `DATABASE_URL=${join(dir, 'liza.db')}`, ''].join('\n'));
    const edge = await startProcess(cmd!, [...args, '--config', join(root, 'deno.json'), join(root, entry)], {
      cwd: dir,
      readyUrl: `${base}/health`,
    });
    try {
      const r = await walkOverHttp({ publicBaseUrl: base, authToken: TOKEN, from: DE }, ['2']);
      expect(r.said[0]!.text).toContain('Envdatei GmbH');
    } finally {
      await edge.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
