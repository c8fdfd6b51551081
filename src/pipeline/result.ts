import { baselineSummary, comparableScore, markAgainstBaseline, type BaselineFile } from '../verdict/baseline/baseline.js';
import { settle, type AnalysisOutcome, type ChunkOutcome } from '../engine/analyse-files.js';
import type { RuleSetting } from '../engine/run-rules.js';
import type { Rule } from '../engine/rule.js';
import { runProjectRules } from '../engine/run-project-rules.js';
import { DEFAULT_JUDGED_ROLES } from '../engine/rule-roles.js';
import { AuditError } from '../errors.js';
import { evaluateGate } from '../verdict/gate/gate.js';
import { resolveGateOptions, type GateFlags } from '../verdict/gate/options.js';
import { SEVERITY_WEIGHTS, computeScore, ruleScore } from '../verdict/score/score.js';
import { taxonomyCoverage } from '../verdict/taxonomy/coverage.js';
import { TOOL_VERSION } from '../package-root.js';
import type { UserConfig } from '../config/types.js';
import { noFilesHint } from '../project/no-files-hint.js';
import { findEvalFiles, findPromptFiles } from '../project/eval-files.js';
import { readReadme } from '../project/readme.js';
import { exampleProjectEvidence } from '../model/roles/example-project.js';
import { auditScope, inAuditScope } from '../project/root.js';
import type { Role } from '../model/roles/types.js';
import type { AuditResult, Finding, RuleResult } from '../types.js';
import { pollingSummary } from '../../rules/events/interval-polling/polling-budget.js';
import type { AuditPlan } from './plan.js';
import { judgeInExamplePackages } from './example-packages.js';

/** What turns outcomes into a verdict beyond the plan: the gate, the fleet, the baseline, the changed files. */
export interface VerdictRequest {
  readonly config: UserConfig;
  readonly gate?: GateFlags;
  readonly instances?: number;
  readonly baseline?: { readonly path: string; readonly file: BaselineFile };
  readonly changedFiles?: ReadonlySet<string>;
  readonly explainRoles?: boolean;
}

const compareFindings = (a: Finding, b: Finding): number =>
  (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

function lazy<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

function ruleResults(rules: readonly Rule[], settings: ReadonlyMap<string, RuleSetting>, checked: ReadonlyMap<string, number>, findings: readonly Finding[]): RuleResult[] {
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
  /** `packageRole`: the role of the whole package when it has one (a template or demo is an example). */
  readonly judged: (finding: Finding, packageRole?: Role) => Finding | undefined;
}

/** Each package's project-level rules, with its own manifest and eval files (monorepo packages are judged apart). */
function projectLevelFindings(plan: AuditPlan, outcome: AnalysisOutcome, byRole: ProjectRoleFilter) {
  const findings: Finding[] = [];
  const checked = new Map<string, number>();
  for (const { key, project } of outcome.packages) {
    const pkg = plan.packages.packageIn(key);
    // Project-level rules place their findings on LLM calls: only calls, prompts and tools in judged code (not a script's or an example's) count.
    const judgedProject = { ...project, llmCalls: project.llmCalls.filter((call) => byRole.countsLlmCall(call.file)), promptFiles: project.promptFiles.filter(byRole.countsLlmCall), toolFiles: project.toolFiles.filter(byRole.countsLlmCall) };
    const result = runProjectRules(plan.rules, plan.settings, { project: judgedProject, ...(pkg.manifest ? { manifest: pkg.manifest } : {}), evalFiles: lazy(() => findEvalFiles(pkg.dir, plan.catalog.observability.evalFiles)), promptFiles: lazy(() => findPromptFiles(pkg.dir, plan.catalog.observability)), catalog: plan.catalog });
    const example = result.findings.length > 0 ? exampleProjectEvidence({ ...pkg.manifest, readme: readReadme(pkg.dir) }, plan.catalog.roles) : undefined;
    for (const finding of result.findings) {
      const kept = byRole.judged(finding, example ? 'example' : undefined);
      if (kept) findings.push(kept);
    }
    for (const [ruleId, count] of result.checked) checked.set(ruleId, (checked.get(ruleId) ?? 0) + count);
  }
  return { findings, checked };
}

/** Project-level findings and sites, judged by the role of the file they point at. */
function projectLevel(plan: AuditPlan, outcome: AnalysisOutcome) {
  const roleOf = (file: string): Role | undefined => outcome.model?.roleOf(file)?.role;
  return projectLevelFindings(plan, outcome, {
    countsLlmCall: (file) => {
      const role = roleOf(file);
      return !role || DEFAULT_JUDGED_ROLES.observability.includes(role) || plan.includeRoles.includes(role);
    },
    // Project-level findings point at a source file or a manifest: the former are judged by the file's role.
    judged: (finding, packageRole) => {
      const role = packageRole ?? roleOf(finding.file);
      if (!role) return finding;
      return plan.roles.judges(finding.ruleId, role) ? { ...finding, role } : undefined;
    },
  });
}

/**
 * Per-file outcomes (in file order) → the result: project model and facts rebuilt from them,
 * project-level rules, baseline, score and gate. The same step for a fresh, a cached and a merged run.
 */
export function resultFromOutcomes(plan: AuditPlan, request: VerdictRequest, outcomes: readonly ChunkOutcome[]): AuditResult {
  const { discovery, root, paths } = plan;
  const outcome = settle(outcomes, plan.scopeOf, plan.roles);
  const skipped = [...discovery.skipped, ...outcome.skipped];
  if (outcome.filesAudited === 0 && outcome.unreadable.length === 0 && outcome.notAudited.length === 0 && discovery.unreadable.length === 0) {
    throw new AuditError('no-files', `no JavaScript/TypeScript files to audit in ${paths.join(', ')}${skipped.length ? ` (${skipped.length} skipped)` : ''}${noFilesHint(paths)}`);
  }
  const project = projectLevel(plan, outcome);
  const checked = new Map(outcome.checked);
  for (const [ruleId, count] of project.checked) checked.set(ruleId, (checked.get(ruleId) ?? 0) + count);
  const sorted = [...judgeInExamplePackages(plan, outcome.findings), ...project.findings].sort(compareFindings);
  const all = request.baseline ? markAgainstBaseline(sorted, request.baseline.file) : sorted;
  // The score is the whole project's; with --changed-since only changed files' findings are shown and gated.
  const changed = request.changedFiles;
  const findings = changed ? all.filter((f) => changed.has(f.file)) : all;
  const rulesOut = ruleResults(plan.rules, plan.settings, checked, all);
  const coverage = {
    filesAudited: outcome.filesAudited,
    filesSkipped: skipped,
    parseErrors: outcome.parseErrors,
    unreadable: [...discovery.unreadable, ...outcome.unreadable],
    notAudited: outcome.notAudited,
    ...(outcome.model ? { roles: outcome.model.roleCounts } : {}),
    ...(plan.includeRoles.length ? { includedRoles: plan.includeRoles } : {}),
  };
  const score = computeScore(rulesOut, all);
  const polling = pollingSummary(all, request.instances ?? request.config.polling?.instances ?? 1);
  const scope = auditScope(paths, root);
  const manifests = new Set(outcome.packages.flatMap(({ key }) => plan.packages.packageIn(key).manifest?.path ?? []));
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
    taxonomy: taxonomyCoverage(plan.rules, { findings, rules: rulesOut }),
  };
}
