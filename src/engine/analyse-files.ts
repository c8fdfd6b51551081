import { createClassifier } from '../analysis/classify.js';
import { computeFileFacts } from '../analysis/facts.js';
import { computeProjectFacts, conditionHolds, summariseFile, type FileSummary, type ProjectFacts } from '../analysis/project-facts.js';
import type { Catalog } from '../catalog/types.js';
import { mergeInventories, type Inventory } from '../analysis/inventory/types.js';
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

/** Which package a file belongs to: files of one package share project facts and project-level rules. */
export interface PackageScope {
  readonly key: string;
  /** The package manifest's dependencies, which count as imports. */
  readonly dependencies: readonly string[];
}

export interface PackageFacts {
  readonly key: string;
  readonly project: ProjectFacts;
}

export interface AnalysisOutcome {
  /** Project facts per package, in order of each package's first file. */
  readonly packages: readonly PackageFacts[];
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
 * Parse → facts → rules, one file at a time; each AST is dropped as soon as its rules ran, so memory
 * stays bounded and the garbage collector stays cheap.
 */
export function analyseChunk(
  files: readonly DiscoveredFile[],
  rules: readonly Rule[],
  settings: ReadonlyMap<string, RuleSetting>,
  catalog: Catalog,
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
      const result = runRulesOnFile(facts, rules, settings, knownRuleIds);
      outcome.pending.push(...result.findings);
      outcome.diagnostics.push(...result.diagnostics);
      outcome.checked.push(...result.checked);
    }
  }
  return outcome;
}

const SINGLE_PACKAGE: PackageScope = { key: '', dependencies: [] };

/** Project facts for each package, from the summaries of its files (a monorepo package is judged on its own). */
function packageFacts(summaries: readonly FileSummary[], scopeOf: (path: string) => PackageScope): { packages: PackageFacts[]; factsOf: (path: string) => ProjectFacts } {
  const groups = new Map<string, { scope: PackageScope; summaries: FileSummary[] }>();
  for (const summary of summaries) {
    const scope = scopeOf(summary.path);
    const group = groups.get(scope.key) ?? { scope, summaries: [] };
    group.summaries.push(summary);
    groups.set(scope.key, group);
  }
  const packages = [...groups.values()].map((g) => ({ key: g.scope.key, project: computeProjectFacts(g.summaries, g.scope.dependencies) }));
  const byKey = new Map(packages.map((p) => [p.key, p.project]));
  const empty = computeProjectFacts([]);
  return { packages, factsOf: (path) => byKey.get(scopeOf(path).key) ?? empty };
}

/** Joins chunk outcomes (in file order) and settles findings that depend on the rest of their package. */
export function settle(chunks: readonly ChunkOutcome[], scopeOf: (path: string) => PackageScope = () => SINGLE_PACKAGE): AnalysisOutcome {
  const summaries = chunks.flatMap((c) => c.summaries);
  const { packages, factsOf } = packageFacts(summaries, scopeOf);
  const checked = new Map<string, number>();
  for (const tally of chunks.flatMap((c) => c.checked)) {
    if (!tally.unless || !conditionHolds(tally.unless, factsOf(tally.file))) checked.set(tally.ruleId, (checked.get(tally.ruleId) ?? 0) + tally.count);
  }
  return {
    packages,
    inventory: mergeInventories(summaries.map((s) => s.inventory)),
    filesAudited: summaries.length,
    skipped: chunks.flatMap((c) => c.skipped),
    unreadable: chunks.flatMap((c) => c.unreadable),
    parseErrors: chunks.flatMap((c) => c.parseErrors),
    findings: chunks.flatMap((c) => c.pending).filter((p) => !p.unless || !conditionHolds(p.unless, factsOf(p.finding.file))).map((p) => p.finding),
    diagnostics: chunks.flatMap((c) => c.diagnostics),
    checked,
  };
}
