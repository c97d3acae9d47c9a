// `npm start` stops both processes on Ctrl-C, on SIGTERM to npm alone, when its output pipe
// closes, and when start.ts itself is killed outright: nothing is left running as an orphan.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/processes.ts';
import { eventually } from '../helpers/wait.ts';
import { ROOT, tempDir } from '../helpers/spawn-edge.ts';
import { postSignedForm } from '../helpers/signed-http.ts';

const TOKEN = 'npm-start-token-0123456789';

interface Running {
  leader: ChildProcess;
  output: () => string;
  edgePid: number;
  workerPid: number;
  startPid: number;
  base: string;
}

const started: Running[] = [];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves once `pid` is gone; they are not our children, so there is no exit event to wait on and
 * the process table is polled. No deadline of its own: vitest's test timeout is the only limit, and
 * the pending-wait report then names what was still running.
 */
function gone(pid: number, what: string, run: Running) {
  return eventually(() => alive(pid), (a) => !a, `${what} (pid ${pid}) to exit; its output so far:\n${run.output()}`, 50);
}

/** The pid in the first JSON log line matching `msg`. */
const pidOf = (out: string, msg: RegExp) => {
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    const l = JSON.parse(line) as { pid: number; msg: string };
    if (msg.test(l.msg)) return l.pid;
  }
  return null;
};

/** The pid of the `node … scripts/start.ts` process (the edge's parent). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Runs `argv` in its own process group (as a terminal runs a pipeline) until both processes answer. */
async function startNpm(argv: string[]): Promise<Running> {
  const dir = tempDir('liza-start-');
  const [port, workerPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  const leader = spawn(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, DATABASE_URL: join(dir, 'liza.db'), PORT: String(port), WORKER_PORT: String(workerPort), HOST: '127.0.0.1', PUBLIC_BASE_URL: base,
      TWILIO_AUTH_TOKEN: TOKEN, ADMIN_USER: 'admin', ADMIN_PASSWORD: 'start-test-password', LOG_LEVEL: 'info',
    },
  });
  let out = '';
  leader.stdout!.on('data', (d) => (out += d));
  leader.stderr!.on('data', (d) => (out += d));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (pidOf(out, /^edge listening/) && pidOf(out, /^worker listening/)) resolve();
    };
    leader.stdout!.on('data', check);
    leader.on('exit', (code) => reject(new Error(`${argv.join(' ')} exited (${code}) before both processes were up:\n${out}`)));
  });
  await ready;
  const edgePid = pidOf(out, /^edge listening/)!;
  const run: Running = { leader, output: () => out, edgePid, workerPid: pidOf(out, /^worker listening/)!, startPid: parentOf(edgePid), base };
  started.push(run);
  return run;
}

const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)));

afterEach(() => {
  // Whatever a failed test left behind.
  for (const r of started.splice(0)) {
    for (const pid of [r.edgePid, r.workerPid, r.startPid]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    try {
      process.kill(-r.leader.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('npm start', () => {
  it('`npm start | cat`, then Ctrl-C: both processes stop and the pipeline ends', async () => {
    const run = await startNpm(['sh', '-c', 'npm start | cat']);
    // A terminal's Ctrl-C signals the whole foreground process group.
    process.kill(-run.leader.pid!, 'SIGINT');
    await exited(run.leader);
    await gone(run.edgePid, 'the edge', run);
    await gone(run.workerPid, 'the worker', run);
    await gone(run.startPid, 'start.ts', run);
  });

  it('SIGTERM to npm alone (a supervisor, `kill`): both processes stop', async () => {
    const run = await startNpm(['npm', 'start']);
    process.kill(run.leader.pid!, 'SIGTERM');
    await gone(run.edgePid, 'the edge', run);
    await gone(run.workerPid, 'the worker', run);
    await gone(run.startPid, 'start.ts', run);
    expect(run.output()).toMatch(/\[start\] .*stopping edge and worker/);
  });

  it('a closed output pipe: the next line Liza logs stops both processes', async () => {
    const run = await startNpm(['npm', 'start']);
    // The reader goes away (`| head`, a pino-pretty that exited) ...
    run.leader.stdout!.destroy();
    // ... and the next log line finds nobody to read it: a call's first turn, unless one of the worker's
    // own lines (its jobs, its sweeps) came first, in which case the edge may already be gone.
    const params = { CallSid: 'CApipe' + '0'.repeat(28), From: '+4915112345678', To: '+4930123456', CallStatus: 'ringing' };
    const status = await postSignedForm(`${run.base}/webhook/voice`, params, TOKEN).then((r) => r.status, (err: Error) => err.message);
    expect([200, 'fetch failed']).toContain(status);
    await gone(run.edgePid, 'the edge', run);
    await gone(run.workerPid, 'the worker', run);
    await gone(run.startPid, 'start.ts', run);
    expect(run.output()).toMatch(/\[start\] output pipe closed: stopping edge and worker/);
  });

  it('start.ts killed outright (SIGKILL): the edge and the worker notice and stop', async () => {
    const run = await startNpm(['npm', 'start']);
    process.kill(run.startPid, 'SIGKILL');
    await gone(run.edgePid, 'the edge', run);
    await gone(run.workerPid, 'the worker', run);
  });
});
