// Run inside the systemd test's container (docker exec): one German call against the edge on
// loopback, every webhook signed for PUBLIC_BASE_URL (the default http://localhost:3000);
// prints the result as one JSON line.
// argv: authToken
import { placeCall } from '../../src/sim/call.ts';
import { scriptedCaller } from '../../src/sim/scripted-io.ts';

const [authToken] = process.argv.slice(2) as [string];
const r = await placeCall({ publicBaseUrl: 'http://localhost:3000', targetUrl: 'http://127.0.0.1:3000', authToken, from: '+4915112345678' }, scriptedCaller(['1', '4711#', '1', '9']));
console.log(JSON.stringify({ callSid: r.callSid, ended: r.ended, said: r.said.map((s) => s.text).join('\n') }));
