import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_RULES } from '../../rules/index.js';
import { writeFileAtomic } from '../atomic-write.js';
import { audit } from '../audit.js';
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
import type { OutputTarget } from './outputs.js';
import { createProgress, type Progress } from './progress.js';
import { sourceLineReader } from './source-lines.js';

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
}

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

async function runAuditFor(paths: readonly string[], flags: AuditFlags, progress?: Progress): Promise<AuditResult> {
  const targets = paths.length > 0 ? paths : ['.'];
  for (const path of targets) if (!existsSync(path)) throw new AuditError('path-not-found', `path not found: ${path}`);
  const root = projectRoot(targets);
  const loaded = await configFor(targets, flags);
  return audit({
    paths: targets,
    root,
    config: loaded.config,
    configDir: loaded.configDir,
    gate: definedOnly({ failOn: flags.failOn, failUnder: flags.failUnder, maxWarnings: flags.maxWarnings }),
    instances: flags.instances,
    ...(flags.baseline ? { baseline: { path: flags.baseline, file: readBaseline(flags.baseline) } } : {}),
    ...(flags.changedSince ? { changedFiles: relativeToRoot(changedFilesSince(flags.changedSince, root), root) } : {}),
    ...(flags.includeRoles ? { includeRoles: flags.includeRoles } : {}),
    ...(flags.explainRoles ? { explainRoles: true } : {}),
    ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
  });
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
  const progress = createProgress({ stream: process.stderr, env: process.env, quiet: flags.quiet ?? false, outputs: flags.explainRoles ? [{ format: 'pretty' }] : outputs });
  let result: AuditResult;
  try {
    result = await runAuditFor(paths, flags, progress);
  } finally {
    progress.finish();
  }
  if (flags.explainRoles) {
    write(renderFileRoles(result));
    return EXIT_GATE_PASSED;
  }
  for (const target of outputs) {
    // Files never get colour or the terminal's width: they are read later, elsewhere.
    const terminal = target.file ? { color: false } : { color: stdoutColorEnabled(flags.color), width: stdoutWidth() };
    const text = REPORTERS[target.format](result, { ...terminal, quiet: flags.quiet ?? false, taxonomy: flags.taxonomy ?? false, rules: ALL_RULES, readSourceLines: sourceLineReader(result.root), ...(flags.linkBase ? { linkBase: flags.linkBase } : {}) });
    if (target.file) writeReport(target.file, text);
    else write(text);
  }
  return result.gate.passed ? EXIT_GATE_PASSED : EXIT_GATE_FAILED;
}

export async function runBaselineCommand(paths: readonly string[], flags: { output?: string; config?: string }, write: (text: string) => void): Promise<number> {
  const file = resolve(flags.output ?? DEFAULT_BASELINE_FILE);
  const result = await runAuditFor(paths, { config: flags.config, failOn: 'none' });
  const baseline = createBaseline(result.findings, result.score.overall, auditScope(paths.length > 0 ? paths : ['.'], result.root));
  writeBaseline(file, baseline);
  write(`Recorded ${baseline.findings.length} finding(s) in ${flags.output ?? DEFAULT_BASELINE_FILE}. Audit with --baseline ${flags.output ?? DEFAULT_BASELINE_FILE} to gate on new findings only.\n`);
  return EXIT_GATE_PASSED;
}
