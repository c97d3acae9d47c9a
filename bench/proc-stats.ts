// What the benchmarks read of a process from /proc, and the percentile they report.
import { readFileSync } from 'node:fs';

/** CPU used so far (user + system), in clock ticks (100 Hz): fields 14 and 15 of /proc/<pid>/stat. */
export const cpuTicks = (pid: number) => {
  // After the command name in parentheses, which may itself contain spaces.
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
};

/** Resident memory now, in MiB. */
export const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** The p-th percentile of values sorted ascending (NaN for none). */
export const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
