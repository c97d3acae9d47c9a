// `npm run call -- --answer [--machine]`: the local stand-in for Twilio's REST API. The edge runs
// with TWILIO_API_BASE_URL pointing at it (as the README says); a callback placed in the staff
// pages rings in the stand-in's terminal and is answered as a person or as an answering machine.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeCall } from '../../src/sim/call.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';
import { freePort, startProcess, type Started } from '../helpers/processes.ts';
import { TSX_IMPORT, tempDir, waitForOutput } from '../helpers/spawn-edge.ts';
import { signIn } from '../deploy/staff.ts';

const TOKEN = 'answer-mode-token-0123456789';
const SID = 'AC' + 'feedface'.repeat(4);
const USER = 'chef';
const PASSWORD = 'answer-mode-password';

describe('npm run call -- --answer', () => {
  let dir: string;
  let edge: Started;
  let base: string;
  let standInPort: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = tempDir('liza-answer-');
    const [edgePort, restPort] = await Promise.all([freePort(), freePort()]);
    standInPort = restPort;
    base = `http://127.0.0.1:${edgePort}`;
    env = {
      PORT: String(edgePort), HOST: '127.0.0.1', PUBLIC_BASE_URL: base, DATABASE_URL: join(dir, 'liza.db'),
      TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_PHONE_NUMBER: '+4930999000',
      TWILIO_API_BASE_URL: `http://127.0.0.1:${restPort}`, ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn',
    };
    edge = await startProcess(process.execPath, ['--import', TSX_IMPORT, 'src/edge/main.node.ts'], { env, readyUrl: `${base}/health` });
    // A caller who consents and names order 80001, then says goodbye.
    await placeCall({ publicBaseUrl: base, authToken: TOKEN, from: '+4915112345678' }, scriptedCaller(['1', '80001#', '1', '9']));
  }, 60_000);

  afterAll(async () => {
    await edge?.stop();
  });

  /** Signs in and presses "call back" on order 80001's page; returns the new call's page. */
  async function pressCallBack(): Promise<string> {
    const session = await signIn(fetch, base, USER, PASSWORD);
    const orders = await (await fetch(`${base}/orders?number=80001`, { headers: { Cookie: session.cookie } })).text();
    const id = /href="\/orders\/(\d+)"/.exec(orders)![1];
    const page = await (await fetch(`${base}/orders/${id}`, { headers: { Cookie: session.cookie } })).text();
    const at = page.indexOf(`action="/orders/${id}/callback"`);
    const form = page.slice(at, page.indexOf('</form>', at));
    const fields = Object.fromEntries([...form.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const res = await fetch(`${base}/orders/${id}/callback`, {
      method: 'POST', redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session.cookie },
      body: new URLSearchParams(fields).toString(),
    });
    expect(res.status).toBe(303);
    return res.headers.get('location')!;
  }

  const standIn = (machine: boolean) =>
    startProcess('npm', ['run', '--silent', 'call', '--', '--answer', ...(machine ? ['--machine'] : []), '--port', String(standInPort)], {
      env,
      readyOutput: /Twilio REST stand-in listening/,
    });

  it('rings as an answering machine: one short message, then Liza hangs up', async () => {
    const phone = await standIn(true);
    try {
      await pressCallBack();
      await waitForOutput(phone, /ended: Liza hung up/);
      const out = phone.output();
      expect(out).toContain('AnsweredBy=machine_end_beep');
      expect(out).toContain('mit Neuigkeiten zu Ihrer Bestellung 8 0 0 0 1');
      expect(out).toContain('Bei Fragen rufen Sie uns bitte zurück.');
      expect(out).not.toContain('media stream');
    } finally {
      await phone.stop();
    }
  }, 60_000);

  it('rings as a person: greeting, status and the help menu', async () => {
    const phone = await standIn(false);
    try {
      const callPage = await pressCallBack();
      // Nobody types anything at the menu (no terminal here): after its retries Liza says goodbye.
      await waitForOutput(phone, /ended: Liza hung up/);
      const out = phone.output();
      expect(out).toContain('AnsweredBy=human');
      expect(out).toContain('Hallo, hier ist Liza von');
      expect(out).toContain('Um den Status noch einmal zu hören, drücken Sie die 1.');
      const session = await signIn(fetch, base, USER, PASSWORD);
      const page = await (await fetch(`${base}${callPage}`, { headers: { Cookie: session.cookie } })).text();
      expect(page).toContain('Angenommen von');
      expect(page).toContain('einer Person');
    } finally {
      await phone.stop();
    }
  }, 60_000);
});
