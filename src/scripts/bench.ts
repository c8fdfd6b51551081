/**
 * `npm run bench -- [--rounds n] [--no-eslint] [--no-growth] [dir…]`: agent-audit against the parse
 * floor (TypeScript's createSourceFile over the same files, one thread), warm with --cache on the
 * unchanged tree, and against ESLint with typescript-eslint's parser, side by side in one run; then how
 * the audit grows from 1k to 10k files.
 * Every tool runs as its own process (start-up included), a few rounds, the fastest round kept.
 * Without directories it benchmarks the repository's fixtures, so it runs on a fresh clone; real
 * agent packages make the meaningful input (see the README's "Benchmark" section).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { corpusOf, growthCorpora, type Corpus } from './bench-corpus.js';
import { fastestOf, measure, type Measurement, type Task } from './bench-measure.js';

interface Options {
  readonly dirs: string[];
  readonly rounds: number;
  readonly eslint: boolean;
  readonly growth: boolean;
}

function parseArgs(args: readonly string[]): Options {
  const options: Options = { dirs: [], rounds: 3, eslint: true, growth: true };
  const mutable = options as { -readonly [K in keyof Options]: Options[K] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--rounds') mutable.rounds = Math.max(1, Number(args[++i]) || 1);
    else if (arg === '--no-eslint') mutable.eslint = false;
    else if (arg === '--no-growth') mutable.growth = false;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else options.dirs.push(resolve(arg));
  }
  if (options.dirs.length === 0) options.dirs.push(join(PACKAGE_ROOT, 'fixtures'));
  for (const dir of options.dirs) if (!existsSync(dir)) throw new Error(`no such directory: ${dir}`);
  return options;
}

const GROWTH_BASE = 1000;
const GROWTH_FACTOR = 10;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const times = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
const mib = (m: Measurement): string => `${m.rssMiB.toFixed(0)} MiB`;
const cpu = (m: Measurement): string => `CPU ${seconds(m.cpuMs)}`;

async function eslintAvailable(): Promise<boolean> {
  try {
    await import('eslint');
    await import('@typescript-eslint/parser');
    return true;
  } catch {
    return false;
  }
}

async function sideBySide(corpus: Corpus, options: Options, scratch: string): Promise<void> {
  const tasks: Task[] = ['floor', 'audit', 'warm'];
  if (options.eslint && (await eslintAvailable())) tasks.push('eslint');
  else if (options.eslint) process.stdout.write('ESLint comparator skipped: install the dev dependencies (npm ci)\n');
  const input = { files: corpus.files, dirs: corpus.dirs, cwd: corpus.cwd, report: join(scratch, 'report.json'), warm: { cache: join(scratch, 'cache.json'), report: join(scratch, 'warm-report.json') } };
  // An untimed run fills the cache, so every timed warm run finds the tree unchanged.
  await measure('warm', input, scratch);
  const best = await fastestOf(tasks, input, scratch, options.rounds);
  const floor = best.get('floor') as Measurement;
  const audit = best.get('audit') as Measurement;
  process.stdout.write(`${corpus.files.length} files in ${corpus.dirs.length} director${corpus.dirs.length === 1 ? 'y' : 'ies'}, fastest of ${options.rounds} round(s):\n`);
  process.stdout.write(`  parse floor    ${seconds(floor.ms)}  ${cpu(floor)}  peak RSS ${mib(floor)}\n`);
  process.stdout.write(`  agent-audit    ${seconds(audit.ms)}  ${cpu(audit)}  peak RSS ${mib(audit)}  ${times(audit.ms, floor.ms)} the floor  (${audit.found} findings)\n`);
  const warm = best.get('warm') as Measurement;
  const identical = readFileSync(input.report, 'utf8') === readFileSync(input.warm.report, 'utf8');
  process.stdout.write(`  warm --cache   ${seconds(warm.ms)}  ${cpu(warm)}  peak RSS ${mib(warm)}  ${times(warm.ms, floor.ms)} the floor  (report ${identical ? 'identical to' : 'DIFFERS from'} the cold run's)\n`);
  const eslint = best.get('eslint');
  if (eslint) {
    process.stdout.write(`  ESLint         ${seconds(eslint.ms)}  ${cpu(eslint)}  peak RSS ${mib(eslint)}  ${times(eslint.ms, floor.ms)} the floor  (${eslint.found} messages)\n`);
    process.stdout.write(`  agent-audit is ${times(eslint.ms, audit.ms)} faster than ESLint, with ${times(audit.rssMiB, eslint.rssMiB)} its peak RSS\n`);
  }
}

async function growth(corpus: Corpus, options: Options, scratch: string): Promise<void> {
  const { small, large } = growthCorpora(corpus, join(scratch, 'growth'), GROWTH_BASE, GROWTH_FACTOR);
  const run = async (dir: string): Promise<Measurement> => {
    const input = { files: [], dirs: [dir], cwd: dir, report: join(scratch, 'growth-report.json') };
    return (await fastestOf(['audit'], input, scratch, options.rounds)).get('audit') as Measurement;
  };
  const one = await run(small);
  const ten = await run(large);
  process.stdout.write(`growth, ${GROWTH_BASE} files copied ${GROWTH_FACTOR}× from the corpus:\n`);
  process.stdout.write(`  ${GROWTH_BASE} files        ${seconds(one.ms)}  ${cpu(one)}  peak RSS ${mib(one)}\n`);
  process.stdout.write(`  ${GROWTH_BASE * GROWTH_FACTOR} files       ${seconds(ten.ms)}  ${cpu(ten)}  peak RSS ${mib(ten)}  ${times(ten.ms, one.ms)} the time (${times(ten.cpuMs, one.cpuMs)} the CPU) of ${GROWTH_BASE}\n`);
}

const options = parseArgs(process.argv.slice(2));
const scratch = mkdtempSync(join(tmpdir(), 'agent-audit-bench-'));
try {
  const corpus = corpusOf(options.dirs);
  await sideBySide(corpus, options, scratch);
  if (options.growth) await growth(corpus, options, scratch);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
