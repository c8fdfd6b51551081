/**
 * `npm run bench -- <dir> [dir…]`: audit speed against the parse floor (a bare ts.createSourceFile pass
 * over the same files), serial and with worker threads, files/s and memory. One line per directory and
 * a total. Real agent packages make the best input: see the README's "Benchmark" section.
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

async function timedAudit(dir: string, parallel: boolean): Promise<{ ms: number; files: number; findings: number }> {
  process.env.AGENT_AUDIT_PARALLEL_MIN_BYTES = parallel ? '0' : String(Number.MAX_SAFE_INTEGER);
  const start = performance.now();
  const result = await audit({ paths: [dir], config: {}, configDir: dir });
  return { ms: performance.now() - start, files: result.coverage.filesAudited, findings: result.findings.length };
}

async function rounds(dir: string, parallel: boolean): Promise<{ ms: number; files: number; findings: number }> {
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await timedAudit(dir, parallel));
  return { ...(runs[0] as { files: number; findings: number }), ms: fastest(runs.map((r) => r.ms)) };
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) dirs.push(join(PACKAGE_ROOT, 'fixtures'));

const totals = { parse: 0, serial: 0, parallel: 0, files: 0 };
let peakRss = 0;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
for (const dir of dirs) {
  const files = discoverFiles({ root: dir, paths: [dir], include: [], exclude: DEFAULT_EXCLUDE }).files.map((f) => f.absolutePath);
  bareParse(files);
  await timedAudit(dir, false); // warm-up: JIT and file cache for both sides
  const parseMs = fastest(Array.from({ length: ROUNDS }, () => bareParse(files)));
  const serial = await rounds(dir, false);
  const parallel = await rounds(dir, true);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  totals.parse += parseMs;
  totals.serial += serial.ms;
  totals.parallel += parallel.ms;
  totals.files += serial.files;
  process.stdout.write(
    `${dir}: ${serial.files} files, ${serial.findings} findings, parse floor ${parseMs.toFixed(0)} ms, ` +
      `audit ${serial.ms.toFixed(0)} ms serial (${ratio(serial.ms, parseMs)}), ${parallel.ms.toFixed(0)} ms with workers (${ratio(parallel.ms, parseMs)})\n`,
  );
}
process.stdout.write(
  `total: ${totals.files} files, parse floor ${totals.parse.toFixed(0)} ms, audit ${totals.serial.toFixed(0)} ms serial (${ratio(totals.serial, totals.parse)}, ` +
    `${Math.round((totals.files / totals.serial) * 1000)} files/s), ${totals.parallel.toFixed(0)} ms with workers (${ratio(totals.parallel, totals.parse)}), peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB\n`,
);
