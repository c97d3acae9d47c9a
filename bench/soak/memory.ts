// Peak memory per process: Linux's VmHWM (the resident set's high-water mark) from
// /proc/<pid>/status, polled, because a SIGKILLed process takes its own peak with it.
import { readFileSync } from 'node:fs';

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null; // gone (killed, restarting)
  }
}

export interface PeakMemory {
  /** Peak resident MiB per label, over every process that had the label (a restarted one too). */
  peaks(): Map<string, number>;
  stop(): void;
}

/** Polls the processes `targets()` names (label → pid) every `everyMs`. */
export function samplePeakMemory(targets: () => Array<[string, number]>, everyMs = 500): PeakMemory {
  const peaks = new Map<string, number>();
  const sample = () => {
    for (const [label, pid] of targets()) {
      const kb = statusKb(pid, 'VmHWM') ?? statusKb(pid, 'VmRSS');
      if (kb !== null) peaks.set(label, Math.max(peaks.get(label) ?? 0, kb / 1024));
    }
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  sample();
  return {
    peaks: () => (sample(), peaks),
    stop: () => clearInterval(timer),
  };
}
