import { Command, CommanderError } from 'commander';
import { DEFAULT_BASELINE_FILE } from '../verdict/baseline/baseline.js';
import { AuditError, EXIT_ERROR, EXIT_GATE_PASSED } from '../errors.js';
import { TOOL_VERSION } from '../package-root.js';
import { FORMAT_NAMES } from '../report/index.js';
import type { AuditFlags } from './audit-command.js';
import { parseFailOn, parseNonNegativeInt, parsePositiveInt, parseRoles, parseScore } from './options.js';
import { collect, parseRuleSetting, parseShardOption } from './options.js';
import { OutputCollector } from './outputs.js';

// Rules, the parser and the audit are imported when a command runs, so --version and --help answer
// without loading them.
const auditCommand = () => import('./audit-command.js');
/** Kept here (not imported from the cache module) so --help loads nothing heavy. */
const DEFAULT_CACHE_LOCATION = 'node_modules/.cache/agent-audit/';
/** What `rules` and `explain` show: written by the build, so they load neither the rules nor the parser. */
const ruleMetadata = async () => {
  const { builtRuleMetadata, metadataOf } = await import('../engine/rule-metadata.js');
  return builtRuleMetadata() ?? (await import('../../rules/index.js')).ALL_RULES.map(metadataOf);
};

const EXAMPLES = `
Examples:
  $ agent-audit                                  audit the current project
  $ agent-audit src --fail-under 80              fail CI below a score of 80
  $ agent-audit --format json --output audit.json
  $ agent-audit --format sarif --output audit.sarif --format markdown --output summary.md
  $ agent-audit baseline && agent-audit --baseline .agent-audit-baseline.json
  $ agent-audit --changed-since origin/main --fail-on high
  $ agent-audit --include-roles script,example    judge scripts and examples too
  $ agent-audit --explain-roles                  why each file counts as server, browser, script...
  $ agent-audit rules                            list the rules
  $ agent-audit rules --taxonomy                 failure modes checked by rules / for manual review
  $ agent-audit explain connectors/no-timeout    what a rule checks and how to fix it
  $ agent-audit init                             starter config and CI job for this project
  $ agent-audit --rule events/interval-polling=off --ignore-pattern 'scripts/**'
  $ agent-audit --print-config                   the config a run would use
  $ agent-audit fix --dry-run                    the unambiguous fixes as a diff; fix applies them
  $ agent-audit --cache                          re-parse only files changed since the last run
  $ agent-audit --shard 2/3 -o part-2.json && agent-audit merge part-*.json --format sarif -o audit.sarif

Exit codes: 0 gate passed, 1 gate failed, 2 usage, config or internal error.`;

/** The options that decide the verdict and shape the report: an audit and a merge of shards take the same. */
function addVerdictOptions(command: Command): Command {
  return command
    .option('--fail-under <score>', "fail the gate when the overall score is below this (0-100; default: no regression below a baseline's score, else config, else fail in the 'not ready' band below 50)", parseScore)
    .option('--fail-on <severity>', 'fail on any finding at or above this severity: critical, high, medium, low, none (default: critical)', parseFailOn)
    .option('--max-warnings <n>', 'fail when more findings below the fail-on severity than this', parseNonNegativeInt)
    .option('--instances <n>', 'agent instances in the fleet, for the polling budget (default: 1)', parsePositiveInt)
    .option('--baseline <file>', 'mark findings recorded in this baseline as known; only new ones fail the gate, and the score may not drop below the recorded one')
    .option('--changed-since <ref>', 'show and gate findings only in files changed since this git ref (the score stays the whole project\'s)')
    .option('--include-roles <roles>', 'also judge files of these code roles, e.g. script,example (default: each rule judges its own, mostly server)', parseRoles)
    .option('--link-base <url>', 'markdown: prefix for file links, e.g. https://github.com/org/repo/blob/<sha>/')
    .option('-q, --quiet', 'print only the scores, diagnostics and gate result')
    .option('--taxonomy', 'pretty: print the full failure-mode matrix instead of its one-line summary')
    .option('--color', 'colour the terminal report even when not a terminal (wins over NO_COLOR/FORCE_COLOR)')
    .option('--no-color', 'no colour in the terminal report (wins over FORCE_COLOR)');
}

export function buildProgram(write: (text: string) => void, setExit: (code: number) => void): Command {
  const outputs = new OutputCollector();
  const program = new Command('agent-audit')
    .description('Audit an AI-agent codebase for production readiness: stale memory, brittle connectors, polling, agent security.')
    .version(TOOL_VERSION, '-v, --version')
    .argument('[paths...]', 'files or directories to audit (default: .)')
    .option('-f, --format <format>', `output format: ${FORMAT_NAMES.join(', ')} (repeatable; an --output after it gets this format)`, outputs.format)
    .option('-o, --output <file>', 'write the report to a file instead of stdout (repeatable); without a --format, the file name picks it (.md, .sarif, .json, .cdx.json, .txt)', outputs.output)
    .option('-c, --config <file>', 'config file (default: searched from the audited directory upwards)');
  addVerdictOptions(program)
    .option('--explain-roles', "print every file's code role and the evidence that decided it, instead of the report")
    .option('--debug', 'print stack traces of internal errors')
    .option('--rule <id=severity>', 'set a rule\'s severity (critical, high, medium, low) or turn it off, over the config (repeatable), e.g. --rule connectors/no-timeout=off', parseRuleSetting)
    .option('--ignore-pattern <glob>', 'skip files matching this glob, in addition to the config\'s excludes (repeatable)', collect)
    .option('--no-default-excludes', 'audit test, spec, mock and fixture files too (they are excluded by default)')
    .option('--print-config', 'print the resolved config as JSON and exit, without auditing')
    .option('--fix', 'apply the fixes that are unambiguous (timeouts, response checks), then report on the fixed files')
    .option('--fix-dry-run', 'print those fixes as a unified diff instead of the report; change nothing')
    .option('--cache', `reuse the results of unchanged files from the last run (stored in ${DEFAULT_CACHE_LOCATION} under the project root)`)
    .option('--no-cache', 'parse every file, without reading or writing the cache (the default)')
    .option('--cache-location <path>', 'with --cache: the cache directory, or file (a path not ending in / that is not a directory)')
    .option('--shard <i/n>', 'audit the i-th of n slices of the files and write a partial result (JSON) for `agent-audit merge`', parseShardOption)
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError()
    .enablePositionalOptions()
    .action(async (paths: string[] | undefined, flags: AuditFlags) => setExit(await (await auditCommand()).runAuditCommand(paths ?? [], flags, outputs.resolve(), write)));

  program
    .command('baseline')
    .description(`record the current findings' fingerprints (default file ${DEFAULT_BASELINE_FILE})`)
    .argument('[paths...]', 'files or directories to audit (default: .)')
    .option('-o, --output <file>', 'baseline file to write', DEFAULT_BASELINE_FILE)
    .option('-c, --config <file>', 'config file')
    .action(async (paths: string[] | undefined, flags: { output?: string; config?: string }) => setExit(await (await auditCommand()).runBaselineCommand(paths ?? [], flags, write)));

  const mergeOutputs = new OutputCollector();
  const merge = program
    .command('merge')
    .description('the report and gate of a sharded run, from the partial result of every shard (agent-audit --shard i/n --output <file>)')
    .argument('<partials...>', 'partial result files, one per shard')
    .option('-f, --format <format>', `output format: ${FORMAT_NAMES.join(', ')} (repeatable)`, mergeOutputs.format)
    .option('-o, --output <file>', 'write the report to a file instead of stdout (repeatable)', mergeOutputs.output);
  addVerdictOptions(merge)
    .action(async (files: string[], flags: AuditFlags) => setExit((await import('./merge-command.js')).runMergeCommand(files, flags, mergeOutputs.resolve(), write)));

  program
    .command('fix')
    .description('apply the fixes that are unambiguous (timeouts, response checks) and list the files changed')
    .argument('[paths...]', 'files or directories to fix (default: .)')
    .option('--dry-run', 'print the fixes as a unified diff; change nothing')
    .option('-c, --config <file>', 'config file (fix.timeoutMs sets the timeout added)')
    .option('--rule <id=severity>', 'set a rule\'s severity or turn it off (off: its findings are not fixed); repeatable', parseRuleSetting)
    .option('--ignore-pattern <glob>', 'leave files matching this glob alone (repeatable)', collect)
    .option('--no-default-excludes', 'fix test, spec, mock and fixture files too')
    .action(async (paths: string[] | undefined, flags: AuditFlags & { dryRun?: boolean }) => setExit(await (await import('./fix-command.js')).runFixCommand(paths ?? [], flags, write)));

  program
    .command('rules')
    .description('list every rule with id, category, severity and title')
    .option('--json', 'machine-readable rule catalogue')
    .option('--taxonomy', 'the Microsoft agentic failure modes the rules check, and the ones left for manual review')
    .action(async (flags: { json?: boolean; taxonomy?: boolean }) => {
      const [rules, { renderRuleTable, renderTaxonomyMatrix, ruleListing }] = await Promise.all([ruleMetadata(), import('./rules-command.js')]);
      if (flags.taxonomy) write(renderTaxonomyMatrix(rules, flags.json ?? false));
      else write(flags.json ? `${JSON.stringify(ruleListing(rules), null, 2)}\n` : renderRuleTable(rules));
      setExit(EXIT_GATE_PASSED);
    });
  program
    .command('explain')
    .description("a rule's page for the terminal: what it flags, why, flagged and passing code, fix, taxonomy")
    .argument('<rule-id>', 'e.g. connectors/no-timeout (see: agent-audit rules)')
    .option('--color', 'colour the page')
    .option('--no-color', 'no colour')
    .action(async (id: string, flags: { color?: boolean }) => {
      const [rules, { findRule, renderExplanation }, { stdoutColorEnabled, stdoutWidth }] = await Promise.all([ruleMetadata(), import('./explain-command.js'), import('./color.js')]);
      write(renderExplanation(findRule(id, rules), { color: stdoutColorEnabled(flags.color), width: stdoutWidth() }));
      setExit(EXIT_GATE_PASSED);
    });
  program
    .command('init')
    .description('write a commented starter .agent-auditrc.yaml for this project and print the CI job for its CI')
    .argument('[dir]', 'project directory (default: the current one)')
    .option('--force', 'replace an existing .agent-auditrc.yaml')
    .action(async (dir: string | undefined, flags: { force?: boolean }) => setExit((await import('./init-command.js')).runInitCommand(dir, flags, write)));
  return program;
}

/**
 * Standard output that a reader may close early (`| head`) or a full disk may refuse. A closed pipe
 * means the reader has all it wants: the run ends quietly with its own exit code. Any other write
 * error is an I/O failure (exit 2, one line), never a stack trace and never exit 1, which CI would
 * read as "gate failed".
 */
function createStdout(): { write: (text: string) => void; settled: () => Promise<NodeJS.ErrnoException | undefined> } {
  let closed = false;
  let failure: NodeJS.ErrnoException | undefined;
  const onError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') closed = true;
    else failure ??= error;
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', () => undefined);
  let last: Promise<void> = Promise.resolve();
  return {
    write: (text) => {
      if (closed || failure) return;
      last = new Promise((resolve) => {
        try {
          process.stdout.write(text, (error) => {
            if (error) onError(error);
            resolve();
          });
        } catch (error) {
          onError(error as NodeJS.ErrnoException);
          resolve();
        }
      });
    },
    settled: async () => {
      await last;
      return failure;
    },
  };
}

/** Runs the CLI; returns the exit code. Only this layer writes to stdout/stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  const stdout = createStdout();
  const code = await runProgram(argv, stdout.write);
  const failure = await stdout.settled();
  if (!failure) return code;
  process.stderr.write(`agent-audit: cannot write to standard output (${failure.code ?? failure.message})\n`);
  return EXIT_ERROR;
}

async function runProgram(argv: readonly string[], write: (text: string) => void): Promise<number> {
  let exitCode = EXIT_GATE_PASSED;
  const program = buildProgram(write, (code) => (exitCode = code));
  program.exitOverride();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT_GATE_PASSED : EXIT_ERROR;
    }
    if (error instanceof AuditError) {
      process.stderr.write(`agent-audit: ${error.message}\n`);
      return EXIT_ERROR;
    }
    const debug = argv.includes('--debug');
    process.stderr.write(`agent-audit: internal error: ${(error as Error)?.message ?? String(error)}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT_ERROR;
  }
}
