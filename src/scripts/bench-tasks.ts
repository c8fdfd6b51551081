/**
 * One benchmark task in its own process, so its time and peak memory are its own:
 * `node bench-tasks.js <floor|eslint|audit|warm> <input.json> <result.json>`. The input lists the files
 * (floor, eslint) or the directories (audit, warm); the result holds the process's peak RSS.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ts } from '../typescript.cjs';
import { ESLINT_SELECTORS } from './bench-eslint-rules.js';

export interface TaskInput {
  /** Absolute paths of the files every tool gets (floor, eslint). */
  readonly files: readonly string[];
  /** The directories the audit is given, as a user would name them. */
  readonly dirs: readonly string[];
  /** Directory ESLint resolves paths against (the files' common directory). */
  readonly cwd: string;
  /** Where the audit writes its JSON report. */
  readonly report: string;
  /** The warm run's cache file and report (`warm`: the audit with --cache, on a cache a run before it filled). */
  readonly warm?: { readonly cache: string; readonly report: string };
}

export interface TaskResult {
  readonly maxRssKiB: number;
  /** User + system CPU time of all the process's threads: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  /** What the tool found (the audit's exit code; its findings are in the report): a sanity check. */
  readonly found: number;
}

/** The floor: TypeScript's parser over every file, one thread, each tree dropped after its parse. */
function floor(input: TaskInput): number {
  let statements = 0;
  for (const file of input.files) statements += ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true).statements.length;
  return statements;
}

/** ESLint 9 with typescript-eslint's parser and selector rules of the kind agent-audit checks. */
async function eslint(input: TaskInput): Promise<number> {
  // Typed loosely: both are dev-only comparators, and their types are not part of the build.
  const { ESLint } = (await import('eslint')) as unknown as { ESLint: new (options: object) => { lintFiles(files: string[]): Promise<{ messages: unknown[] }[]> } };
  const parser = (await import('@typescript-eslint/parser')) as unknown;
  const linter = new ESLint({
    cwd: input.cwd,
    ignore: false,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
        languageOptions: { parser, ecmaVersion: 'latest', sourceType: 'module' },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        rules: { 'no-restricted-syntax': ['error', ...ESLINT_SELECTORS] },
      },
    ],
  });
  const results = await linter.lintFiles([...input.files]);
  return results.reduce((sum, result) => sum + result.messages.length, 0);
}

/** The CLI as a user runs it in CI, writing a JSON report. */
async function runAudit(input: TaskInput, report: string, extra: readonly string[] = []): Promise<number> {
  const { main } = await import('../cli/main.js');
  const code = await main(['node', 'agent-audit', ...input.dirs, '--format', 'json', '--output', report, ...extra]);
  if (code === 2) throw new Error('agent-audit exited with code 2');
  return code; // the findings are counted from the report, outside the timed process
}

const audit = (input: TaskInput): Promise<number> => runAudit(input, input.report);

/** The audit with --cache, as the Action runs it on the next push of an unchanged tree. */
function warm(input: TaskInput): Promise<number> {
  if (!input.warm) throw new Error('the warm task needs a cache file and a report path');
  return runAudit(input, input.warm.report, ['--cache', '--cache-location', input.warm.cache]);
}

const TASKS: Record<string, (input: TaskInput) => number | Promise<number>> = { floor, eslint, audit, warm };

const [task = '', inputPath = '', resultPath = ''] = process.argv.slice(2);
const run = TASKS[task];
if (!run || !inputPath || !resultPath) {
  process.stderr.write('usage: bench-tasks.js <floor|eslint|audit|warm> <input.json> <result.json>\n');
  process.exit(2);
}
const found = await run(JSON.parse(readFileSync(inputPath, 'utf8')) as TaskInput);
// On exit: worker threads and anything else the task left running count towards the peak.
process.once('exit', () => {
  const usage = process.resourceUsage();
  const result: TaskResult = { maxRssKiB: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, found };
  writeFileSync(resultPath, JSON.stringify(result));
});
