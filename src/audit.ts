import { applyBaseline, type BaselineFile } from './baseline/baseline.js';
import { loadCatalog } from './catalog/load.js';
import type { UserConfig } from './config/types.js';
import { analyseFiles } from './engine/parallel.js';
import { resolveRuleSettings } from './engine/rule-settings.js';
import type { Rule } from './engine/rule.js';
import { AuditError } from './errors.js';
import { evaluateGate, type GateOptions } from './gate/gate.js';
import { TOOL_VERSION } from './package-root.js';
import { DEFAULT_EXCLUDE, commonRoot, discoverFiles } from './project/discover.js';
import { findEvalFiles } from './project/eval-files.js';
import { readManifest } from './project/manifest.js';
import { runProjectRules } from './engine/run-project-rules.js';
import { pollingSummary } from './report/polling.js';
import { SEVERITY_WEIGHTS, computeScore, ruleScore } from './score/score.js';
import { taxonomyCoverage } from './taxonomy/coverage.js';
import type { AuditResult, Finding, RuleResult, Severity } from './types.js';
import { ALL_RULES } from '../rules/index.js';
import { DEFAULT_JUDGED_ROLES, judgedRoles } from './engine/rule-roles.js';
import { readProjectManifests } from './model/graph/manifests.js';
import { buildProjectModel } from './model/roles/project-model.js';
import type { Role } from './model/roles/types.js';

export interface AuditRequest {
  readonly paths: readonly string[];
  readonly config: UserConfig;
  /** Directory that relative catalog paths in config are resolved against. */
  readonly configDir: string;
  /** CLI flags win over config.gate. */
  readonly gate?: Partial<GateOptions>;
  readonly instances?: number;
  readonly rules?: readonly Rule[];
  /** Mark findings new/unchanged against this baseline; the gate counts only new ones. */
  readonly baseline?: { readonly path: string; readonly file: BaselineFile };
  /** Report findings only for these absolute paths (--changed-since); all files still feed project facts. */
  readonly reportOnly?: ReadonlySet<string>;
  /** Roles every rule judges beyond its defaults (--include-roles); joined with config roles.judge. */
  readonly includeRoles?: readonly Role[];
  /** Put every file's role and its evidence in the result (--explain-roles). */
  readonly explainRoles?: boolean;
}

const compareFindings = (a: Finding, b: Finding): number =>
  (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

function lazy<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function gateOptions(config: UserConfig, flags: Partial<GateOptions> = {}): GateOptions {
  const budget = config.polling?.maxCallsPerMinute;
  return { failOn: 'critical' as Severity | 'none', ...(budget !== undefined ? { maxCallsPerMinute: budget } : {}), ...definedOnly(config.gate ?? {}), ...definedOnly(flags) };
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

/** The whole audit: discover → parse → analyse → rules → suppress → score → gate. Reads files, writes nothing. */
export async function audit(request: AuditRequest): Promise<AuditResult> {
  const rules = request.rules ?? ALL_RULES;
  const settings = resolveRuleSettings(rules, request.config);
  const catalog = loadCatalog(request.config.catalog ?? [], request.configDir);
  const paths = request.paths.length > 0 ? request.paths : ['.'];
  const root = commonRoot(paths);
  const discovery = discoverFiles({ root, paths, include: request.config.include ?? [], exclude: request.config.exclude ?? DEFAULT_EXCLUDE });
  const manifest = readManifest(root);
  const { judge: configJudge = [], ...roleOverrides } = request.config.roles ?? {};
  const includeRoles = [...new Set([...configJudge, ...(request.includeRoles ?? [])])];
  const judged = new Map(rules.map((rule) => [rule.id, judgedRoles(rule, includeRoles)]));
  const roles = {
    buildModel: (files: Parameters<typeof buildProjectModel>[0]['files']) =>
      buildProjectModel({ files, manifests: readProjectManifests(root, discovery.files.map((f) => f.path)), catalog: catalog.roles, overrides: roleOverrides }),
    judges: (ruleId: string, role: Role) => judged.get(ruleId)?.has(role) ?? true,
  };
  const outcome = await analyseFiles({ files: discovery.files, rules, builtInRules: rules === ALL_RULES, settings, catalog, reportOnly: request.reportOnly, manifestDependencies: manifest?.dependencies, roles });
  const skipped = [...discovery.skipped, ...outcome.skipped];
  if (outcome.filesAudited === 0 && outcome.unreadable.length === 0) {
    throw new AuditError('no-files', `no JavaScript/TypeScript files to audit in ${paths.join(', ')}${skipped.length ? ` (${skipped.length} skipped)` : ''}`);
  }
  // Project-level rules place their findings on LLM calls: only calls in judged code (not a script's or an example's) count.
  const judgedLlmCalls = outcome.project.llmCalls.filter((call) => {
    const role = outcome.model?.roleOf(call.file)?.role;
    return !role || DEFAULT_JUDGED_ROLES.observability.includes(role) || includeRoles.includes(role);
  });
  const projectLevel = runProjectRules(rules, settings, { project: { ...outcome.project, llmCalls: judgedLlmCalls }, ...(manifest ? { manifest } : {}), evalFiles: lazy(() => findEvalFiles(root, catalog.observability.evalFiles)), catalog });
  const checked = new Map(outcome.checked);
  for (const [ruleId, count] of projectLevel.checked) checked.set(ruleId, (checked.get(ruleId) ?? 0) + count);
  // Project-level findings point at a source file or a manifest: the former are judged by the file's role.
  const projectFindings = projectLevel.findings.flatMap((finding) => {
    const role = outcome.model?.roleOf(finding.file)?.role;
    if (!role) return [finding];
    return roles.judges(finding.ruleId, role) ? [{ ...finding, role }] : [];
  });
  const sorted = [...outcome.findings, ...projectFindings].sort(compareFindings);
  const baselined = request.baseline ? applyBaseline(sorted, request.baseline.file, request.baseline.path) : undefined;
  const findings = baselined?.findings ?? sorted;
  const rulesOut = ruleResults(rules, settings, checked, findings);
  const coverage = {
    filesAudited: outcome.filesAudited,
    filesSkipped: skipped,
    parseErrors: outcome.parseErrors,
    unreadable: outcome.unreadable,
    ...(outcome.model ? { roles: outcome.model.roleCounts } : {}),
    ...(includeRoles.length ? { includedRoles: includeRoles } : {}),
  };
  const score = computeScore(rulesOut, findings);
  const polling = pollingSummary(findings, request.instances ?? request.config.polling?.instances ?? 1);
  return {
    schemaVersion: 1,
    tool: { name: 'agent-audit', version: TOOL_VERSION },
    root,
    coverage,
    findings,
    diagnostics: outcome.diagnostics,
    rules: rulesOut,
    score,
    polling,
    inventory: outcome.inventory,
    ...(baselined ? { baseline: baselined.summary } : {}),
    ...(request.explainRoles && outcome.model ? { fileRoles: outcome.model.roles } : {}),
    ...(request.reportOnly ? { changedFiles: discovery.files.filter((f) => request.reportOnly?.has(f.absolutePath)).map((f) => f.path) } : {}),
    gate: evaluateGate(gateOptions(request.config, request.gate), findings, score, coverage, polling.fleetCallsPerMinute),
    taxonomy: taxonomyCoverage(rules, { findings, rules: rulesOut }),
  };
}
