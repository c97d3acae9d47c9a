// `npx tsx bench/dashboard-page-ab.ts <tree> <database> [n]`: the whole uncached `/` (a clock 61 s further on every
// request) with the code of another checkout of this project, <tree> (e.g. `git archive main` unpacked, node_modules
// linked), so that old and new code can be run in alternating processes on the same data. Prints p50/p95 and a hash
// of the page without its clock and CSRF token: old and new must render the same page.
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
const [root, url, n = '30'] = process.argv.slice(2) as [string, string, string];
const { createApp } = await import(`${root}/src/edge/app.ts`);
const { parseConfig } = await import(`${root}/src/config/index.ts`);
const { silentLogger } = await import(`${root}/src/log/logger.ts`);
const { createStore } = await import(`${root}/src/store/index.ts`);
const { signIn } = await import(`${root}/bench/dashboard-uncached.ts`);
const store = await createStore(url);
let clock = Date.now();
const app = createApp({ store, config: parseConfig({ TWILIO_AUTH_TOKEN: 'bench-token-0123456789', DATABASE_URL: url }), logger: silentLogger(), clock: () => new Date((clock += 61_000)) });
const cookie = await signIn(app, store);
const get = async () => { const r = await app.request('/', { headers: { Cookie: cookie } }); if (r.status !== 200) throw new Error(String(r.status)); return r.text(); };
for (let i = 0; i < 20; i++) await get();
const ms: number[] = [];
let html = '';
for (let i = 0; i < Number(n); i++) { const t = performance.now(); html = await get(); ms.push(performance.now() - t); }
ms.sort((a, b) => a - b);
const strip = html.replace(/\d{1,2}:\d{2}(:\d{2})?/g, '').replace(/name="_csrf" value="[^"]+"/g, '');
console.log(`${root.split('/').at(-1)} ${url.startsWith('postgres') ? 'PG' : 'SQLite'}: p50 ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} p95 ${ms[Math.floor(ms.length * 0.95)]!.toFixed(1)} load ${loadavg()[0]!.toFixed(1)} page ${createHash('sha256').update(strip).digest('hex').slice(0, 12)}`);
await store.close();
