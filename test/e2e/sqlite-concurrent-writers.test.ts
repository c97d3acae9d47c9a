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
      call: { callSid: 'CA_ai', fromMasked: '+49 ••78', toNumber: null, callerName: null, language: 'de-DE', at: new Date() },
      event: { key: 'ivr:0', kind: 'ivr', step: 'voice', at: new Date() },
    });
    // A second process writing a call event every millisecond or so (a busy worker saving transcripts).
    const script = `
      const { createSqliteStore } = await import(${JSON.stringify(join(ROOT, 'src/store/sqlite/index.ts'))});
      const s = createSqliteStore(${JSON.stringify(file)});
      console.log('writing');
      const until = Date.now() + 4000;
      for (let i = 0; Date.now() < until; i++) {
        await s.addCallEvent('CA_ai', { key: 'ai:' + i, kind: 'ai', step: 'user', text: 'hallo ' + i, at: new Date() });
        await new Promise((r) => setTimeout(r, 1));
      }
      await s.close();`;
    const child = spawn(process.execPath, ['--import', TSX_IMPORT, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((r) => child.stdout.on('data', (d) => String(d).includes('writing') && r()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    const failures: string[] = [];
    let turns = 0;
    while (child.exitCode === null && turns < 20_000) {
      const at = new Date();
      await store
        .applyTurn({
          call: { callSid: `CA${turns}`, fromMasked: '+49 ••78', toNumber: null, callerName: null, language: 'de-DE', at },
          event: { key: 'ivr:3', kind: 'ivr', step: 'order_confirm', digits: '1', at },
          saveOrder: { number: String(100000 + turns) },
        })
        .catch((err: Error & { code?: string }) => failures.push(err.code ?? err.message));
      turns++;
      if (turns % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(await exited).toBe(0); // the other process's writes never failed either
    expect(turns).toBeGreaterThan(100);
    expect(failures).toEqual([]);
    expect((await store.listCallEvents((await store.getCallBySid('CA_ai'))!.id)).length).toBeGreaterThan(10);
    await store.close();
  });
});
