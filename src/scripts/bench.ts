/**
 * `npm run bench -- <dir> [dir…]`: audit speed against the parse floor (a bare ts.createSourceFile pass
 * over the same files), files/s and memory. Prints one line per directory and a total.
 * Real agent packages make the best input: see the README's "Benchmark" section.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ts } from 'ts-morph';
import { audit } from '../audit.js';
import { DEFAULT_EXCLUDE, discoverFiles } from '../project/discover.js';
import { PACKAGE_ROOT } from '../package-root.js';

const ROUNDS = 5;

/** The fastest round: the least disturbed by other work on the machine. */
function fastest(values: number[]): number {
  return Math.min(...values);
}

function bareParse(files: readonly string[]): number {
  const start = performance.now();
  for (const file of files) ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  return performance.now() - start;
}

function fullAudit(dir: string): { ms: number; files: number; findings: number } {
  const start = performance.now();
  const result = audit({ paths: [dir], config: {}, configDir: dir });
  return { ms: performance.now() - start, files: result.coverage.filesAudited, findings: result.findings.length };
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) dirs.push(join(PACKAGE_ROOT, 'fixtures'));

let totalParse = 0;
let totalAudit = 0;
let totalFiles = 0;
let peakRss = 0;
for (const dir of dirs) {
  const files = discoverFiles({ root: dir, paths: [dir], include: [], exclude: DEFAULT_EXCLUDE }).files.map((f) => f.absolutePath);
  bareParse(files);
  fullAudit(dir); // warm-up: JIT and file cache for both sides
  const parseMs = fastest(Array.from({ length: ROUNDS }, () => bareParse(files)));
  const runs = Array.from({ length: ROUNDS }, () => fullAudit(dir));
  const auditMs = fastest(runs.map((r) => r.ms));
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  totalParse += parseMs;
  totalAudit += auditMs;
  totalFiles += runs[0]?.files ?? 0;
  const filesPerSecond = Math.round(((runs[0]?.files ?? 0) / auditMs) * 1000);
  process.stdout.write(
    `${dir}: ${runs[0]?.files} files, ${runs[0]?.findings} findings, parse floor ${parseMs.toFixed(0)} ms, audit ${auditMs.toFixed(0)} ms, ratio ${(auditMs / parseMs).toFixed(2)}×, ${filesPerSecond} files/s\n`,
  );
}
process.stdout.write(
  `total: ${totalFiles} files, parse floor ${totalParse.toFixed(0)} ms, audit ${totalAudit.toFixed(0)} ms, ratio ${(totalAudit / totalParse).toFixed(2)}×, ${Math.round((totalFiles / totalAudit) * 1000)} files/s, peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB\n`,
);
