import { existsSync, writeFileSync } from 'node:fs';
import chalk from 'chalk';
import { Command, CommanderError, Option } from 'commander';
import { ALL_RULES } from '../../rules/index.js';
import { audit } from '../audit.js';
import { configDirectory, loadConfig } from '../config/load.js';
import { AuditError, EXIT_ERROR, EXIT_GATE_FAILED, EXIT_GATE_PASSED } from '../errors.js';
import { TOOL_VERSION } from '../package-root.js';
import { commonRoot } from '../project/discover.js';
import { FORMAT_NAMES, REPORTERS, type FormatName } from '../report/index.js';
import type { Severity } from '../types.js';
import { parseFailOn, parseNonNegativeInt, parsePositiveInt, parseScore } from './options.js';
import { renderRuleTable, ruleListing } from './rules-command.js';

interface AuditFlags {
  format?: FormatName;
  output?: string;
  config?: string;
  failUnder?: number;
  failOn?: Severity | 'none';
  maxWarnings?: number;
  instances?: number;
  quiet?: boolean;
  debug?: boolean;
}

const EXAMPLES = `
Examples:
  $ agent-audit                                  audit the current project
  $ agent-audit src --fail-under 80              fail CI below a score of 80
  $ agent-audit --format json --output audit.json
  $ agent-audit --fail-on high --max-warnings 10
  $ agent-audit rules                            list the rules

Exit codes: 0 gate passed, 1 gate failed, 2 usage, config or internal error.`;

async function runAudit(paths: string[], flags: AuditFlags, write: (text: string) => void): Promise<number> {
  const targets = paths.length > 0 ? paths : ['.'];
  for (const path of targets) if (!existsSync(path)) throw new AuditError('path-not-found', `path not found: ${path}`);
  const root = commonRoot(targets);
  const loaded = await loadConfig(root, flags.config);
  const result = await audit({
    paths: targets,
    config: loaded.config,
    configDir: configDirectory(loaded, root),
    gate: { failOn: flags.failOn, failUnder: flags.failUnder, maxWarnings: flags.maxWarnings },
    instances: flags.instances,
  });
  const format = flags.format ?? 'pretty';
  const color = !flags.output && chalk.level > 0 && !process.env.CI;
  const text = REPORTERS[format](result, { color, quiet: flags.quiet ?? false });
  if (flags.output) {
    try {
      writeFileSync(flags.output, text);
    } catch (error) {
      throw new AuditError('io', `cannot write ${flags.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  } else {
    write(text);
  }
  return result.gate.passed ? EXIT_GATE_PASSED : EXIT_GATE_FAILED;
}

export function buildProgram(write: (text: string) => void, setExit: (code: number) => void): Command {
  const program = new Command('agent-audit')
    .description('Audit an AI-agent codebase for production readiness: stale memory, brittle connectors, polling, agent security.')
    .version(TOOL_VERSION, '-v, --version')
    .argument('[paths...]', 'files or directories to audit', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMAT_NAMES))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-c, --config <file>', 'config file (default: searched from the audited directory upwards)')
    .option('--fail-under <score>', 'fail the gate when the overall score is below this (0-100)', parseScore)
    .option('--fail-on <severity>', 'fail on any finding at or above this severity: critical, high, medium, low, none (default: critical)', parseFailOn)
    .option('--max-warnings <n>', 'fail when more findings below the fail-on severity than this', parseNonNegativeInt)
    .option('--instances <n>', 'agent instances in the fleet, for the polling budget (default: 1)', parsePositiveInt)
    .option('-q, --quiet', 'print only the scores, diagnostics and gate result')
    .option('--debug', 'print stack traces of internal errors')
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError()
    .action(async (paths: string[], flags: AuditFlags) => setExit(await runAudit(paths, flags, write)));

  program
    .command('rules')
    .description('list every rule with id, category, severity and title')
    .option('--json', 'machine-readable rule catalogue')
    .action((flags: { json?: boolean }) => {
      write(flags.json ? `${JSON.stringify(ruleListing(ALL_RULES), null, 2)}\n` : renderRuleTable(ALL_RULES));
      setExit(EXIT_GATE_PASSED);
    });
  return program;
}

/** Runs the CLI; returns the exit code. Only this layer writes to stdout/stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_GATE_PASSED;
  const program = buildProgram((text) => process.stdout.write(text), (code) => (exitCode = code));
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
