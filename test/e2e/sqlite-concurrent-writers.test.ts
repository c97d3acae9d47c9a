import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import { ROOT, TSX_IMPORT, tempDir } from '../helpers/spawn-edge.ts';

/**
 * The edge and the worker write to one SQLite file. A transaction that reads first and writes
 * later fails at once with SQLITE_BUSY_SNAPSHOT if the other process committed in between (the
 * busy timeout does not help there), which would put a caller through the apology.
 */
describe('SQLite with two writing processes', () => {
  it('IVR turns never fail while another process keeps writing', async () => {
    const file = join(tempDir(), 'liza.db');
    const store = createSqliteStore(file);
    await store.applyTurn({
      call: { callSid: 'CA_ai', fromMasked: '+49 ••78', toNumber: null, language: 'de-DE', at: new Date() },
      event: { key: 'ivr:0', kind: 'ivr', step: 'voice', at: new Date() },
    });
    // A second process writing call events back to back (a busy worker saving transcripts) until
    // told to stop, and saying how many it wrote. Both sides write a fixed number of times while
    // the other is writing too: counted, not timed, so a slow machine only makes it slower.
    const script = `
      const { createSqliteStore } = await import(${JSON.stringify(join(ROOT, 'src/store/sqlite/index.ts'))});
      const s = createSqliteStore(${JSON.stringify(file)});
      let stop = false;
      process.stdin.on('end', () => (stop = true)).resume();
      console.log('writing');
      for (let i = 1; !stop; i++) {
        await s.addCallEvent('CA_ai', { key: 'ai:' + i, kind: 'ai', step: 'user', text: 'hallo ' + i, at: new Date() });
        if (i % 25 === 0) console.log('wrote ' + i);
        await new Promise((r) => setImmediate(r));
      }
      await s.close();`;
    const child = spawn(process.execPath, ['--import', TSX_IMPORT, '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let written = 0;
    let started!: () => void;
    const writing = new Promise<void>((r) => (started = r));
    child.stdout.on('data', (d) => {
      if (String(d).includes('writing')) started();
      for (const m of String(d).matchAll(/wrote (\d+)/g)) written = Number(m[1]);
    });
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    await writing;
    const failures: string[] = [];
    let turns = 0;
    const ENOUGH = 400;
    while (child.exitCode === null && (turns < ENOUGH || written < ENOUGH)) {
      const at = new Date();
      await store
        .applyTurn({
          call: { callSid: `CA${turns}`, fromMasked: '+49 ••78', toNumber: null, language: 'de-DE', at },
          event: { key: 'ivr:3', kind: 'ivr', step: 'order_confirm', digits: '1', at },
          saveOrder: { number: String(100000 + turns) },
        })
        .catch((err: Error & { code?: string }) => failures.push(err.code ?? err.message));
      turns++;
      if (turns % 25 === 0) await new Promise((r) => setImmediate(r)); // lets the child's progress in
    }
    child.stdin.end();
    expect(await exited).toBe(0); // the other process's writes never failed either
    expect(turns).toBeGreaterThanOrEqual(ENOUGH);
    expect(failures).toEqual([]);
    expect((await store.listCallEvents((await store.getCallBySid('CA_ai'))!.id)).length).toBeGreaterThan(ENOUGH);
    await store.close();
  });
});
