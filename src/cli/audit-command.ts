import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_RULES } from '../../rules/index.js';
import { writeFileAtomic } from '../atomic-write.js';
import { audit, auditShard, type AuditRequest } from '../audit.js';
import type { Shard } from '../engine/shard/slice.js';
import { DEFAULT_BASELINE_FILE, createBaseline, readBaseline, writeBaseline } from '../verdict/baseline/baseline.js';
import { configDirectory, loadConfig } from '../config/load.js';
import { applyOverrides, resolvedConfig } from '../config/overrides.js';
import { AuditError, EXIT_GATE_FAILED, EXIT_GATE_PASSED } from '../errors.js';
import { changedFilesSince, relativeToRoot } from '../project/git.js';
import { auditScope, commonDirectory, projectRoot } from '../project/root.js';
import { REPORTERS } from '../report/index.js';
import type { AuditResult, Severity } from '../types.js';
import type { Role } from '../model/roles/types.js';
import { renderFileRoles } from './explain-roles.js';
import { stdoutColorEnabled, stdoutWidth } from './color.js';
import { protectedOutputReason, type OutputTarget } from './outputs.js';
import { createProgress, type Progress } from './progress.js';
import { sourceLineReader } from './source-lines.js';
import { fixSummary } from './fix-summary.js';
import { unifiedDiff } from '../fix/unified-diff.js';
import { runFixes, type FixRun } from '../fix/run-fixes.js';
import { tuneV8ForAudit } from './v8-tuning.js';

export interface AuditFlags {
  config?: string;
  failUnder?: number;
  failOn?: Severity | 'none';
  maxWarnings?: number;
  instances?: number;
  baseline?: string;
  changedSince?: string;
  linkBase?: string;
  quiet?: boolean;
  debug?: boolean;
  includeRoles?: Role[];
  explainRoles?: boolean;
  /** --color / --no-color; undefined: decided from the environment. */
  color?: boolean;
  taxonomy?: boolean;
  /** --rule id=severity (repeatable). */
  rule?: { id: string; severity: Severity | 'off' }[];
  /** --ignore-pattern (repeatable). */
  ignorePattern?: string[];
  /** --no-default-excludes: false. */
  defaultExcludes?: boolean;
  printConfig?: boolean;
  /** --fix: apply the fixes, then report on the fixed files. */
  fix?: boolean;
  /** --fix-dry-run: print the fixes as a unified diff instead of the report; write nothing. */
  fixDryRun?: boolean;
  /** --cache / --no-cache. */
  cache?: boolean;
  cacheLocation?: string;
  /** --shard i/n: write a partial result for `merge` instead of a report. */
  shard?: Shard;
}

/** Warnings that do not change the result (a damaged cache): one line on standard error. */
export const warn = (message: string): void => void process.stderr.write(`agent-audit: warning: ${message}\n`);

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The config file's settings with the command line's on top. */
async function configFor(targets: readonly string[], flags: AuditFlags) {
  const audited = commonDirectory(targets);
  const loaded = await loadConfig(audited, flags.config);
  const config = applyOverrides(loaded.config, { rules: flags.rule, ignorePatterns: flags.ignorePattern, defaultExcludes: flags.defaultExcludes }, ALL_RULES);
  return { config, filepath: loaded.filepath, configDir: configDirectory(loaded, audited) };
}

/** What turns outcomes into a verdict, from the flags: shared by an audit and a merge. */
export function verdictOptions(flags: AuditFlags, root: string) {
  return {
    gate: definedOnly({ failOn: flags.failOn, failUnder: flags.failUnder, maxWarnings: flags.maxWarnings }),
    instances: flags.instances,
    ...(flags.baseline ? { baseline: { path: flags.baseline, file: readBaseline(flags.baseline) } } : {}),
    ...(flags.changedSince ? { changedFiles: relativeToRoot(changedFilesSince(flags.changedSince, root), root) } : {}),
    ...(flags.includeRoles ? { includeRoles: flags.includeRoles } : {}),
    ...(flags.explainRoles ? { explainRoles: true } : {}),
  };
}

async function auditRequest(paths: readonly string[], flags: AuditFlags, progress?: Progress): Promise<AuditRequest> {
  const targets = paths.length > 0 ? paths : ['.'];
  for (const path of targets) if (!existsSync(path)) throw new AuditError('path-not-found', `path not found: ${path}`);
  const root = projectRoot(targets);
  const loaded = await configFor(targets, flags);
  const cacheFileProblem = flags.cacheLocation && protectedOutputReason(flags.cacheLocation);
  if (cacheFileProblem) throw new AuditError('usage', `refusing to keep the cache in ${flags.cacheLocation}: ${cacheFileProblem}`);
  return {
    paths: targets,
    root,
    config: loaded.config,
    configDir: loaded.configDir,
    ...verdictOptions(flags, root),
    ...(flags.cache ? { cache: { ...(flags.cacheLocation ? { location: flags.cacheLocation } : {}), warn } } : {}),
    ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
    ...(flags.debug ? { onAnalysed: ({ files, filesParsed }) => process.stderr.write(`agent-audit: parsed ${filesParsed} of ${files} file(s)${flags.cache ? `, ${files - filesParsed} from the cache` : ''}\n`) } : {}),
  };
}

/** Every command that analyses files (audit, baseline, fix) comes through here, so the V8 tuning covers them all (a --shard run tunes in runShard). */
export async function runAuditFor(paths: readonly string[], flags: AuditFlags, progress?: Progress): Promise<AuditResult> {
  tuneV8ForAudit();
  return audit(await auditRequest(paths, flags, progress));
}

/** Audits, applies the fixes (or plans them on a dry run) and audits the fixed files again. */
export function runFixesFor(paths: readonly string[], flags: AuditFlags, options: { readonly dryRun: boolean }, progress?: Progress): Promise<FixRun> {
  return runFixes(() => runAuditFor(paths, flags, progress), options);
}

function writeReport(file: string, text: string): void {
  writeFileAtomic(file, text, 'report');
}

export async function runAuditCommand(paths: readonly string[], flags: AuditFlags, outputs: readonly OutputTarget[], write: (text: string) => void): Promise<number> {
  if (flags.printConfig) {
    const loaded = await configFor(paths.length > 0 ? paths : ['.'], flags);
    write(`${JSON.stringify(resolvedConfig(loaded.config, loaded.filepath, ALL_RULES), null, 2)}\n`);
    return EXIT_GATE_PASSED;
  }
  if (flags.shard && (flags.fix || flags.fixDryRun)) throw new AuditError('usage', '--shard cannot be combined with --fix or --fix-dry-run: fix in one unsharded run');
  if (flags.shard) return runShard(paths, flags, flags.shard, outputs, write);
  if (flags.fix && flags.fixDryRun) throw new AuditError('usage', '--fix and --fix-dry-run exclude each other: preview with --fix-dry-run, then apply with --fix');
  const progress = createProgress({ stream: process.stderr, env: process.env, quiet: flags.quiet ?? false, outputs: flags.explainRoles ? [{ format: 'pretty' }] : outputs });
  let fixing: FixRun | undefined;
  let result: AuditResult;
  try {
    fixing = flags.fix || flags.fixDryRun ? await runFixesFor(paths, flags, { dryRun: flags.fixDryRun ?? false }, progress) : undefined;
    result = fixing?.result ?? (await runAuditFor(paths, flags, progress));
  } finally {
    progress.finish();
  }
  if (fixing) process.stderr.write(`agent-audit: ${fixSummary(fixing)}\n`);
  if (flags.explainRoles) {
    write(renderFileRoles(result));
    return EXIT_GATE_PASSED;
  }
  // A dry run's standard output is the diff (`| git apply` takes it); report files are still written.
  if (flags.fixDryRun) write(unifiedDiff(fixing?.planned ?? []));
  return writeReports(result, flags, outputs, write);
}

/** Every requested report of a result; the exit code its gate gives. */
export function writeReports(result: AuditResult, flags: AuditFlags, outputs: readonly OutputTarget[], write: (text: string) => void): number {
  for (const target of outputs) {
    if (flags.fixDryRun && !target.file) continue;
    // Files never get colour or the terminal's width: they are read later, elsewhere.
    const terminal = target.file ? { color: false } : { color: stdoutColorEnabled(flags.color), width: stdoutWidth() };
    const text = REPORTERS[target.format](result, { ...terminal, quiet: flags.quiet ?? false, taxonomy: flags.taxonomy ?? false, rules: ALL_RULES, readSourceLines: sourceLineReader(result.root), ...(flags.linkBase ? { linkBase: flags.linkBase } : {}) });
    if (target.file) writeReport(target.file, text);
    else write(text);
  }
  return result.gate.passed ? EXIT_GATE_PASSED : EXIT_GATE_FAILED;
}

/** Flags that decide the verdict or the report, which a shard leaves to merge. */
const MERGE_TIME_FLAGS: readonly (keyof AuditFlags)[] = ['baseline', 'changedSince', 'explainRoles', 'failUnder', 'failOn', 'maxWarnings', 'instances', 'includeRoles', 'linkBase', 'taxonomy'];

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** --shard: the partial result as JSON, to --output or standard output; the gate is merge's to decide. */
async function runShard(paths: readonly string[], flags: AuditFlags, shard: Shard, outputs: readonly OutputTarget[], write: (text: string) => void): Promise<number> {
  const misplaced = MERGE_TIME_FLAGS.find((name) => flags[name] !== undefined);
  if (misplaced) throw new AuditError('usage', `--${kebab(misplaced)} goes to \`agent-audit merge\`, not to a --shard run`);
  if (outputs.length > 1 || outputs.some((t) => t.format !== 'json' && t.format !== 'pretty')) throw new AuditError('usage', '--shard writes one partial result (JSON) for `agent-audit merge`; give report formats to merge');
  tuneV8ForAudit();
  const partial = await auditShard(await auditRequest(paths, flags), shard);
  const text = `${JSON.stringify(partial)}\n`;
  const file = outputs[0]?.file;
  if (file) writeReport(file, text);
  else write(text);
  return EXIT_GATE_PASSED;
}

export async function runBaselineCommand(paths: readonly string[], flags: { output?: string; config?: string }, write: (text: string) => void): Promise<number> {
  const file = resolve(flags.output ?? DEFAULT_BASELINE_FILE);
  const result = await runAuditFor(paths, { config: flags.config, failOn: 'none' });
  const baseline = createBaseline(result.findings, result.score.overall, auditScope(paths.length > 0 ? paths : ['.'], result.root));
  writeBaseline(file, baseline);
  write(`Recorded ${baseline.findings.length} finding(s) in ${flags.output ?? DEFAULT_BASELINE_FILE}. Audit with --baseline ${flags.output ?? DEFAULT_BASELINE_FILE} to gate on new findings only.\n`);
  return EXIT_GATE_PASSED;
}
