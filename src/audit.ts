import { computeFileFacts, type FileFacts } from './analysis/facts.js';
import { createClassifier } from './analysis/classify.js';
import { computeProjectFacts } from './analysis/project-facts.js';
import { loadCatalog } from './catalog/load.js';
import type { UserConfig } from './config/types.js';
import { resolveRuleSettings } from './engine/rule-settings.js';
import type { Rule } from './engine/rule.js';
import { runRulesOnFile, type RuleTally } from './engine/run-rules.js';
import { AuditError } from './errors.js';
import { evaluateGate, type GateOptions } from './gate/gate.js';
import { TOOL_VERSION } from './package-root.js';
import { DEFAULT_EXCLUDE, commonRoot, discoverFiles } from './project/discover.js';
import { createParser } from './project/parse.js';
import { pollingSummary } from './report/polling.js';
import { SEVERITY_WEIGHTS, computeScore, ruleScore } from './score/score.js';
import type { AuditResult, DiagnosticMessage, Finding, ParseError, RuleResult, Severity, SkippedFile } from './types.js';
import { ALL_RULES } from '../rules/index.js';

export interface AuditRequest {
  readonly paths: readonly string[];
  readonly config: UserConfig;
  /** Directory that relative catalog paths in config are resolved against. */
  readonly configDir: string;
  /** CLI flags win over config.gate. */
  readonly gate?: Partial<GateOptions>;
  readonly instances?: number;
  readonly rules?: readonly Rule[];
}

const compareFindings = (a: Finding, b: Finding): number =>
  a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);

function gateOptions(config: UserConfig, flags: Partial<GateOptions> = {}): GateOptions {
  const merged = { failOn: 'critical' as Severity | 'none', ...stripUndefined(config.gate ?? {}), ...stripUndefined(flags) };
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function audit(request: AuditRequest): AuditResult {
  const rules = request.rules ?? ALL_RULES;
  const settings = resolveRuleSettings(rules, request.config);
  const catalog = loadCatalog(request.config.catalog ?? [], request.configDir);
  const classifier = createClassifier(catalog);
  const paths = request.paths.length > 0 ? request.paths : ['.'];
  const root = commonRoot(paths);
  const discovery = discoverFiles({
    root,
    paths,
    include: request.config.include ?? [],
    exclude: request.config.exclude ?? DEFAULT_EXCLUDE,
  });

  const parse = createParser();
  const facts: FileFacts[] = [];
  const skipped: SkippedFile[] = [...discovery.skipped];
  const unreadable: SkippedFile[] = [];
  const parseErrors: ParseError[] = [];
  for (const file of discovery.files) {
    const loaded = parse(file);
    if (loaded.kind === 'skipped') skipped.push(loaded.skipped);
    else if (loaded.kind === 'unreadable') unreadable.push(loaded.skipped);
    else {
      if (loaded.parseError) parseErrors.push(loaded.parseError);
      facts.push(computeFileFacts(file.path, loaded.sourceFile, classifier));
    }
  }
  if (facts.length === 0 && unreadable.length === 0) {
    throw new AuditError('no-files', `no JavaScript/TypeScript files to audit in ${paths.join(', ')}${skipped.length ? ` (${skipped.length} skipped)` : ''}`);
  }

  const project = computeProjectFacts(facts);
  const knownRuleIds = new Set(rules.map((r) => r.id));
  const tallies = new Map<string, RuleTally>();
  const findings: Finding[] = [];
  const diagnostics: DiagnosticMessage[] = [];
  for (const file of facts) {
    const result = runRulesOnFile(file, project, rules, settings, tallies, knownRuleIds);
    findings.push(...result.findings);
    diagnostics.push(...result.diagnostics);
  }
  findings.sort(compareFindings);

  const ruleResults: RuleResult[] = rules.map((rule) => {
    const setting = settings.get(rule.id);
    const severity = setting?.severity ?? rule.severity;
    const tally = tallies.get(rule.id);
    const checked = tally?.checked.size ?? 0;
    const failed = tally?.failed.size ?? 0;
    const score = severity === 'off' ? null : ruleScore(checked, failed);
    return { id: rule.id, severity, category: rule.category, checked, failed, score, applicable: score !== null, weight: severity === 'off' || score === null ? 0 : SEVERITY_WEIGHTS[severity] };
  });

  const coverage = { filesAudited: facts.length, filesSkipped: skipped, parseErrors, unreadable };
  const score = computeScore(ruleResults, findings);
  const gate = evaluateGate(gateOptions(request.config, request.gate), findings, score, coverage);
  return {
    schemaVersion: 1,
    tool: { name: 'agent-audit', version: TOOL_VERSION },
    root,
    coverage,
    findings,
    diagnostics,
    rules: ruleResults,
    score,
    polling: pollingSummary(findings, request.instances ?? request.config.polling?.instances ?? 1),
    gate,
  };
}
