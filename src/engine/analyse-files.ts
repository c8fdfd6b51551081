import { createClassifier } from '../catalog/matcher.js';
import { computeFileFacts } from '../model/file-facts.js';
import { computeProjectFacts, conditionHolds, summariseFile, type FileSummary, type ProjectFacts } from '../model/project-facts.js';
import type { Catalog } from '../catalog/types.js';
import { mergeInventories, type Inventory } from '../inventory/types.js';
import type { DiscoveredFile } from '../project/discover.js';
import { createParser } from '../project/parse.js';
import type { DiagnosticMessage, Finding, ParseError, SkippedFile } from '../types.js';
import type { Rule } from './rule.js';
import { runRulesOnFile, type CheckedTally, type PendingFinding, type RuleSetting } from './run-rules.js';

/** What analysing a run of files yields: plain data, so it can come back from a worker thread. */
export interface ChunkOutcome {
  readonly skipped: SkippedFile[];
  readonly unreadable: SkippedFile[];
  readonly parseErrors: ParseError[];
  readonly summaries: FileSummary[];
  readonly pending: PendingFinding[];
  readonly diagnostics: DiagnosticMessage[];
  readonly checked: CheckedTally[];
}

export interface AnalysisOutcome {
  readonly project: ProjectFacts;
  readonly inventory: Inventory;
  readonly filesAudited: number;
  readonly skipped: readonly SkippedFile[];
  readonly unreadable: readonly SkippedFile[];
  readonly parseErrors: readonly ParseError[];
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly DiagnosticMessage[];
  readonly checked: ReadonlyMap<string, number>;
}

/**
 * Parse → facts → rules, one file at a time (rules only for `reportOnly` files when given); each AST is dropped as soon as its rules ran, so memory
 * stays bounded and the garbage collector stays cheap.
 */
export function analyseChunk(
  files: readonly DiscoveredFile[],
  rules: readonly Rule[],
  settings: ReadonlyMap<string, RuleSetting>,
  catalog: Catalog,
  reportOnly?: ReadonlySet<string>,
): ChunkOutcome {
  const classifier = createClassifier(catalog);
  const parse = createParser();
  const knownRuleIds = new Set(rules.map((r) => r.id));
  const outcome: ChunkOutcome = { skipped: [], unreadable: [], parseErrors: [], summaries: [], pending: [], diagnostics: [], checked: [] };
  for (const file of files) {
    const loaded = parse(file);
    if (loaded.kind === 'skipped') outcome.skipped.push(loaded.skipped);
    else if (loaded.kind === 'unreadable') outcome.unreadable.push(loaded.skipped);
    else {
      if (loaded.parseError) outcome.parseErrors.push(loaded.parseError);
      const facts = computeFileFacts(file.path, loaded.sourceFile, classifier);
      outcome.summaries.push(summariseFile(facts));
      // Files outside --changed-since still feed the project facts; only changed files get findings.
      if (reportOnly && !reportOnly.has(file.absolutePath)) continue;
      const result = runRulesOnFile(facts, rules, settings, knownRuleIds);
      outcome.pending.push(...result.findings);
      outcome.diagnostics.push(...result.diagnostics);
      outcome.checked.push(...result.checked);
    }
  }
  return outcome;
}

/** Joins chunk outcomes (in file order) and settles findings that depend on the whole project. */
export function settle(chunks: readonly ChunkOutcome[], manifestDependencies: readonly string[] = []): AnalysisOutcome {
  const summaries = chunks.flatMap((c) => c.summaries);
  const project = computeProjectFacts(summaries, manifestDependencies);
  const checked = new Map<string, number>();
  for (const tally of chunks.flatMap((c) => c.checked)) {
    if (!tally.unless || !conditionHolds(tally.unless, project)) checked.set(tally.ruleId, (checked.get(tally.ruleId) ?? 0) + tally.count);
  }
  return {
    project,
    inventory: mergeInventories(summaries.map((s) => s.inventory)),
    filesAudited: summaries.length,
    skipped: chunks.flatMap((c) => c.skipped),
    unreadable: chunks.flatMap((c) => c.unreadable),
    parseErrors: chunks.flatMap((c) => c.parseErrors),
    findings: chunks.flatMap((c) => c.pending).filter((p) => !p.unless || !conditionHolds(p.unless, project)).map((p) => p.finding),
    diagnostics: chunks.flatMap((c) => c.diagnostics),
    checked,
  };
}
