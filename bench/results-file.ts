import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export const RESULTS = new URL('./RESULTS.md', import.meta.url).pathname;

/** One line saying where and when the numbers were taken (they are meaningless without it). */
export function machineLine(): string {
  const cpu = cpus();
  return `${new Date().toISOString().slice(0, 16)}Z · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}`;
}

/** Replaces (or appends) one benchmark's section of bench/RESULTS.md (or `file`), leaving the others alone. */
export function writeSection(name: string, markdown: string, file = RESULTS): void {
  const start = `<!-- section:${name} -->`;
  const end = `<!-- /section:${name} -->`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\nEach section is rewritten by its own `npm run bench:…` script.\n';
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}
