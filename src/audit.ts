import { join } from 'node:path';
import { baselineSummary, comparableScore, markAgainstBaseline, type BaselineFile } from './verdict/baseline/baseline.js';
import { loadCatalog } from './catalog/load.js';
import type { UserConfig } from './config/types.js';
import type { AnalysisOutcome } from './engine/analyse-files.js';
import { analyseFiles, type ProgressListener } from './engine/parallel.js';
import { resolveRuleSettings } from './engine/rule-settings.js';
import type { Rule } from './engine/rule.js';
import { AuditError } from './errors.js';
import { evaluateGate } from './verdict/gate/gate.js';
import { resolveGateOptions, type GateFlags } from './verdict/gate/options.js';
import { TOOL_VERSION } from './package-root.js';
import { DEFAULT_EXCLUDE, discoverFiles } from './project/discover.js';
import { noFilesHint } from './project/no-files-hint.js';
import { findEvalFiles } from './project/eval-files.js';
import { PackageIndex } from './project/manifest.js';
import { auditScope, inAuditScope, projectRoot } from './project/root.js';
import { runProjectRules } from './engine/run-project-rules.js';
import { SEVERITY_WEIGHTS, computeScore, ruleScore } from './verdict/score/score.js';
import { taxonomyCoverage } from './verdict/taxonomy/coverage.js';
import type { AuditResult, Finding, RuleResult } from './types.js';
import { ALL_RULES } from '../rules/index.js';
import { pollingSummary } from '../rules/events/interval-polling/polling-budget.js';
import { DEFAULT_JUDGED_ROLES, judgedRoles } from './engine/rule-roles.js';
import { readProjectManifests } from './model/graph/manifests.js';
import { buildProjectModel } from './model/roles/project-model.js';
import type { Role } from './model/roles/types.js';

export interface AuditRequest {
  readonly paths: readonly string[];
  readonly config: UserConfig;
  /** Directory that relative catalog paths in config are resolved against. */
  readonly configDir: string;
  /** Every reported path is relative to this; default: see projectRoot(). */
  readonly root?: string;
  /** CLI flags win over config.gate. */
  readonly gate?: GateFlags;
  readonly instances?: number;
  readonly rules?: readonly Rule[];
  /** Mark findings new/unchanged against this baseline; the gate counts only new ones. */
  readonly baseline?: { readonly path: string; readonly file: BaselineFile };
  /**
   * --changed-since: root-relative paths of the changed files. Findings are shown (and gated) only for
   * these; the score stays the whole project's.
   */
  readonly changedFiles?: ReadonlySet<string>;
  /** Roles every rule judges beyond its defaults (--include-roles); joined with config roles.judge. */
  readonly includeRoles?: readonly Role[];
  /** Put every file's role and its evidence in the result (--explain-roles). */
  readonly explainRoles?: boolean;
  /** Told how many files were analysed so far, out of how many (for a progress line). */
  readonly onProgress?: ProgressListener;
}

const compareFindings = (a: Finding, b: Finding): number =>
  (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

function lazy<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

function ruleResults(rules: readonly Rule[], settings: ReturnType<typeof resolveRuleSettings>, checked: ReadonlyMap<string, number>, findings: readonly Finding[]): RuleResult[] {
  return rules.map((rule) => {
    const severity = settings.get(rule.id)?.severity ?? rule.severity;
    const failed = findings.filter((f) => f.ruleId === rule.id && !f.suppressed).length;
    const ruleChecked = checked.get(rule.id) ?? 0;
    const score = severity === 'off' ? null : ruleScore(ruleChecked, failed);
    const weight = severity === 'off' || score === null ? 0 : SEVERITY_WEIGHTS[severity];
    return { id: rule.id, severity, category: rule.category, checked: ruleChecked, failed, score, applicable: score !== null, weight };
  });
}

/** Which files' LLM calls project-level rules count, and which of their findings stand (by the file's role). */
interface ProjectRoleFilter {
  readonly countsLlmCall: (file: string) => boolean;
  readonly judged: (finding: Finding) => Finding | undefined;
}

/** Each package's project-level rules, with its own manifest and eval files (monorepo packages are judged apart). */
function projectLevelFindings(rules: readonly Rule[], settings: ReturnType<typeof resolveRuleSettings>, outcome: AnalysisOutcome, packages: PackageIndex, catalog: ReturnType<typeof loadCatalog>, byRole: ProjectRoleFilter) {
  const findings: Finding[] = [];
  const checked = new Map<string, number>();
  for (const { key, project } of outcome.packages) {
    const pkg = packages.packageIn(key);
    // Project-level rules place their findings on LLM calls: only calls in judged code (not a script's or an example's) count.
    const judgedProject = { ...project, llmCalls: project.llmCalls.filter((call) => byRole.countsLlmCall(call.file)) };
    const result = runProjectRules(rules, settings, { project: judgedProject, ...(pkg.manifest ? { manifest: pkg.manifest } : {}), evalFiles: lazy(() => findEvalFiles(pkg.dir, catalog.observability.evalFiles)), catalog });
    for (const finding of result.findings) {
      const kept = byRole.judged(finding);
      if (kept) findings.push(kept);
    }
    for (const [ruleId, count] of result.checked) checked.set(ruleId, (checked.get(ruleId) ?? 0) + count);
  }
  return { findings, checked };
}

/** The whole audit: discover → parse → analyse → rules → suppress → score → gate. Reads files, writes nothing. */
export async function audit(request: AuditRequest): Promise<AuditResult> {
  const rules = request.rules ?? ALL_RULES;
  const settings = resolveRuleSettings(rules, request.config);
  const catalog = loadCatalog(request.config.catalog ?? [], request.configDir);
  const paths = request.paths.length > 0 ? request.paths : ['.'];
  const root = request.root ?? projectRoot(paths);
  const discovery = discoverFiles({ root, paths, include: request.config.include ?? [], exclude: [...(request.config.defaultExcludes === false ? [] : DEFAULT_EXCLUDE), ...(request.config.exclude ?? [])], globBase: request.configDir });
  const packages = new PackageIndex(root);
  const scopeOf = (path: string) => {
    const pkg = packages.packageOf(join(root, path));
    return { key: pkg.dir, dependencies: pkg.manifest?.dependencies ?? [] };
  };
  const { judge: configJudge = [], ...roleOverrides } = request.config.roles ?? {};
  const includeRoles = [...new Set([...configJudge, ...(request.includeRoles ?? [])])];
  const judgedByRule = new Map(rules.map((rule) => [rule.id, judgedRoles(rule, includeRoles)]));
  const roles = {
    buildModel: (files: Parameters<typeof buildProjectModel>[0]['files']) =>
      buildProjectModel({ files, manifests: readProjectManifests(root, discovery.files.map((f) => f.path)), catalog: catalog.roles, overrides: roleOverrides }),
    judges: (ruleId: string, role: Role) => judgedByRule.get(ruleId)?.has(role) ?? true,
  };
  const outcome = await analyseFiles({ files: discovery.files, rules, builtInRules: rules === ALL_RULES, settings, catalog, scopeOf, roles, ...(request.onProgress ? { onProgress: request.onProgress } : {}) });
  const roleOf = (file: string): Role | undefined => outcome.model?.roleOf(file)?.role;
  const skipped = [...discovery.skipped, ...outcome.skipped];
  if (outcome.filesAudited === 0 && outcome.unreadable.length === 0 && outcome.notAudited.length === 0 && discovery.unreadable.length === 0) {
    throw new AuditError('no-files', `no JavaScript/TypeScript files to audit in ${paths.join(', ')}${skipped.length ? ` (${skipped.length} skipped)` : ''}${noFilesHint(paths)}`);
  }
  const projectLevel = projectLevelFindings(rules, settings, outcome, packages, catalog, {
    countsLlmCall: (file) => {
      const role = roleOf(file);
      return !role || DEFAULT_JUDGED_ROLES.observability.includes(role) || includeRoles.includes(role);
    },
    // Project-level findings point at a source file or a manifest: the former are judged by the file's role.
    judged: (finding) => {
      const role = roleOf(finding.file);
      if (!role) return finding;
      return roles.judges(finding.ruleId, role) ? { ...finding, role } : undefined;
    },
  });
  const checked = new Map(outcome.checked);
  for (const [ruleId, count] of projectLevel.checked) checked.set(ruleId, (checked.get(ruleId) ?? 0) + count);
  const sorted = [...outcome.findings, ...projectLevel.findings].sort(compareFindings);
  const all = request.baseline ? markAgainstBaseline(sorted, request.baseline.file) : sorted;
  // The score is the whole project's; with --changed-since only changed files' findings are shown and gated.
  const changed = request.changedFiles;
  const findings = changed ? all.filter((f) => changed.has(f.file)) : all;
  const rulesOut = ruleResults(rules, settings, checked, all);
  const coverage = {
    filesAudited: outcome.filesAudited,
    filesSkipped: skipped,
    parseErrors: outcome.parseErrors,
    unreadable: [...discovery.unreadable, ...outcome.unreadable],
    notAudited: outcome.notAudited,
    ...(outcome.model ? { roles: outcome.model.roleCounts } : {}),
    ...(includeRoles.length ? { includedRoles: includeRoles } : {}),
  };
  const score = computeScore(rulesOut, all);
  const polling = pollingSummary(all, request.instances ?? request.config.polling?.instances ?? 1);
  const scope = auditScope(paths, root);
  const manifests = new Set(outcome.packages.flatMap(({ key }) => packages.packageIn(key).manifest?.path ?? []));
  const inScope = (file: string): boolean => manifests.has(file) || inAuditScope(file, scope);
  const gate = resolveGateOptions(request.config, request.gate ?? {}, request.baseline && comparableScore(request.baseline.file, scope));
  return {
    schemaVersion: 1,
    tool: { name: 'agent-audit', version: TOOL_VERSION },
    root,
    coverage,
    findings,
    diagnostics: changed ? outcome.diagnostics.filter((d) => changed.has(d.file)) : outcome.diagnostics,
    rules: rulesOut,
    score,
    polling,
    inventory: outcome.inventory,
    ...(request.baseline ? { baseline: baselineSummary(findings, all, request.baseline.file, request.baseline.path, inScope) } : {}),
    ...(request.explainRoles && outcome.model ? { fileRoles: outcome.model.roles } : {}),
    ...(changed ? { changedFiles: discovery.files.filter((f) => changed.has(f.path)).map((f) => f.path) } : {}),
    gate: evaluateGate(gate, findings, score, coverage, polling.fleetCallsPerMinute),
    taxonomy: taxonomyCoverage(rules, { findings, rules: rulesOut }),
  };
}
