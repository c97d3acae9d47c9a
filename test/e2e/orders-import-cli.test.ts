// `npm run orders:import -- orders.csv`: the shop's orders from a file, on the database the edge
// uses; nothing imported when a line is wrong (unless --skip-invalid); progress on large files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/store.ts';
import { runScript } from '../helpers/operator.ts';
import { tempDir } from '../helpers/spawn-edge.ts';

const open: Store[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function files() {
  const dir = tempDir('liza-import-cli-');
  const db = join(dir, 'liza.db');
  const file = (name: string, text: string | Buffer) => (writeFileSync(join(dir, name), text), join(dir, name));
  const run = (args: string[], env: Record<string, string> = {}) => runScript('orders-import.ts', args, { DATABASE_URL: db, ...env });
  const store = () => {
    const s = createSqliteStore(db);
    open.push(s);
    return s;
  };
  return { dir, db, file, run, store };
}

describe('npm run orders:import', () => {
  it('imports a ";" file with a BOM and a header, then the same file again changes nothing', async () => {
    const f = files();
    const csv = f.file('orders.csv', '\uFEFFnumber;status;phones;name;note\n1001;shipped;+4915112345678;Anna Müller;\n1002;received;;;"Zweite Zeile\nder Notiz"\n');
    const r = await f.run([csv]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('Imported 2 orders from orders.csv: 2 new, 0 changed, 0 unchanged, 0 older than stored (skipped).');
    expect(r.code).toBe(0);
    const store = f.store();
    expect(await store.getOrderByNumber('1001')).toMatchObject({ status: 'shipped', name: 'Anna Müller', phones: ['+4915112345678'], source: 'shop' });
    expect((await store.getOrderByNumber('1002'))!.note).toBe('Zweite Zeile\nder Notiz');
    const o = (await store.getOrderByNumber('1001'))!;
    expect((await store.listAudit('order', o.id))[0]!.actor).toMatch(/^cli:/);
    expect((await f.run([csv])).stdout).toContain('0 new, 0 changed, 2 unchanged');
  });

  it('a path relative to where the command was typed (npm run runs in the package root)', async () => {
    const f = files();
    f.file('rel.csv', '2001,delivered\n');
    const r = await f.run(['rel.csv'], { INIT_CWD: f.dir });
    expect(r.code).toBe(0);
    expect(await f.store().getOrderByNumber('2001')).toMatchObject({ status: 'delivered' });
  });

  it('with a bad line nothing is imported and each error has its line; --skip-invalid imports the rest', async () => {
    const f = files();
    const csv = f.file('bad.csv', '3001,shipped\n3002,sent\n12,shipped\n3003,processing,0151 123\n3001,delivered\n3004,received\n');
    const r = await f.run([csv]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 2: status: unknown status "sent"');
    expect(r.stderr).toContain('line 3: number: "12" is not 4 to 12 digits');
    expect(r.stderr).toContain('line 4: phones: "0151 123" is not an international number');
    expect(r.stderr).toContain('line 5: number: 3001 is already on line 1');
    expect(r.stderr).toContain('4 lines of bad.csv could not be read; nothing was imported');
    expect(await f.store().getOrderByNumber('3001')).toBeNull();

    const skip = await f.run([csv, '--skip-invalid']);
    expect(skip.code).toBe(0);
    expect(skip.stdout).toContain('Imported 2 orders from bad.csv: 2 new');
    expect(await f.store().getOrderByNumber('3004')).not.toBeNull();
  });

  it('--dry-run says what would change and changes nothing; a missing or non-UTF-8 file is refused', async () => {
    const f = files();
    const csv = f.file('o.csv', '4001,shipped\n');
    expect((await f.run([csv, '--dry-run'])).stdout).toContain('Would import 1 orders from o.csv: 1 new');
    expect(await f.store().getOrderByNumber('4001')).toBeNull();
    const missing = await f.run([join(f.dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
    const latin1 = await f.run([f.file('latin1.csv', Buffer.from([0x34, 0x30, 0x30, 0x32, 0x2c, 0x73, 0x68, 0x69, 0x70, 0x70, 0x65, 0x64, 0x2c, 0x2c, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0a]))]);
    expect(latin1.code).toBe(1);
    expect(latin1.stderr).toContain('not UTF-8');
    expect((await f.run([])).code).toBe(2);
  });

  it('a large file is applied in parts, with progress, and all of it arrives', async () => {
    const f = files();
    const n = 5000;
    const csv = f.file('large.csv', ['number;status', ...Array.from({ length: n }, (_, i) => `${100000 + i};${i % 3 ? 'shipped' : 'processing'}`)].join('\n'));
    const r = await f.run([csv]);
    expect(r.code).toBe(0);
    // Not a terminal here, so plain progress lines instead of the bar.
    expect(r.stderr.trimEnd().split('\n')).toEqual(['  1,000 of 5,000 orders (20%)', '  2,000 of 5,000 orders (40%)', '  3,000 of 5,000 orders (60%)', '  4,000 of 5,000 orders (80%)', '  5,000 of 5,000 orders (100%)']);
    expect(r.stdout).toContain('Imported 5,000 orders from large.csv: 5,000 new');
    expect((await f.store().listOrders({}, { offset: 0, limit: 1, countCap: 10_000 })).total).toBe(n);
  });
});
