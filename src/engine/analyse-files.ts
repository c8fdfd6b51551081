import { createClassifier } from '../analysis/classify.js';
import { computeFileFacts } from '../analysis/facts.js';
import { computeProjectFacts, summariseFile, type FileSummary } from '../analysis/project-facts.js';
import type { Catalog } from '../catalog/types.js';
import type { DiscoveredFile } from '../project/discover.js';
import { createParser } from '../project/parse.js';
import type { DiagnosticMessage, Finding, ParseError, SkippedFile } from '../types.js';
import type { Rule } from './rule.js';
import { runRulesOnFile, type PendingFinding, type RuleSetting } from './run-rules.js';

export interface AnalysisOutcome {
  readonly filesAudited: number;
  readonly skipped: readonly SkippedFile[];
  readonly unreadable: readonly SkippedFile[];
  readonly parseErrors: readonly ParseError[];
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly DiagnosticMessage[];
  readonly checked: ReadonlyMap<string, number>;
}

/**
 * Parse → facts → rules, one file at a time; each AST is dropped as soon as its rules ran, so memory
 * stays bounded and the garbage collector stays cheap. Findings that depend on the whole project are
 * settled at the end from the files' small summaries.
 */
export function analyseFiles(files: readonly DiscoveredFile[], rules: readonly Rule[], settings: ReadonlyMap<string, RuleSetting>, catalog: Catalog): AnalysisOutcome {
  const classifier = createClassifier(catalog);
  const parse = createParser();
  const knownRuleIds = new Set(rules.map((r) => r.id));
  const skipped: SkippedFile[] = [];
  const unreadable: SkippedFile[] = [];
  const parseErrors: ParseError[] = [];
  const summaries: FileSummary[] = [];
  const pending: PendingFinding[] = [];
  const diagnostics: DiagnosticMessage[] = [];
  const checked = new Map<string, number>();

  for (const file of files) {
    const loaded = parse(file);
    if (loaded.kind === 'skipped') skipped.push(loaded.skipped);
    else if (loaded.kind === 'unreadable') unreadable.push(loaded.skipped);
    else {
      if (loaded.parseError) parseErrors.push(loaded.parseError);
      const facts = computeFileFacts(file.path, loaded.sourceFile, classifier);
      summaries.push(summariseFile(facts));
      const result = runRulesOnFile(facts, rules, settings, knownRuleIds);
      pending.push(...result.findings);
      diagnostics.push(...result.diagnostics);
      for (const [ruleId, count] of result.checked) checked.set(ruleId, (checked.get(ruleId) ?? 0) + count);
    }
  }

  const project = computeProjectFacts(summaries);
  const findings = pending.filter((p) => !p.unless?.(project)).map((p) => p.finding);
  return { filesAudited: summaries.length, skipped, unreadable, parseErrors, findings, diagnostics, checked };
}
